import { sveltekit } from '@sveltejs/kit/vite';
import { Server } from 'socket.io';
import { defineConfig, type Plugin } from 'vite';
import { registerRealtime, type RealtimeServer } from './server/realtime/index';
import { loadConfig } from './src/lib/server/config';
import { createContext, getContext } from './src/lib/server/context';

/**
 * `bun run dev`: Socket.IO on Vite's own HTTP server, with the same session check and handlers as
 * production (which uses the Bun engine in server/app.ts). The context is the one the dev
 * server's hooks create, shared through its registered global.
 */
function realtimeInDev(): Plugin {
	return {
		name: 'classcast-realtime-dev',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer) return;
			const io: RealtimeServer = new Server(server.httpServer, { path: '/socket.io/', serveClient: false });
			registerRealtime(io, () => getContext(() => createContext(loadConfig())));
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), realtimeInDev()],
	ssr: {
		// Server-only packages stay external: they are loaded from node_modules at run time.
		external: ['sharp', 'pg', 'ioredis', '@electric-sql/pglite', 'nodemailer', 'pino']
	}
});
