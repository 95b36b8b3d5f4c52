import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import type { RealtimeServer } from './server/realtime/types';

/**
 * `bun run dev`: Socket.IO on Vite's own HTTP server, with the same session check and handlers as
 * production (which uses the Bun engine in server/app.ts). The context is the one the dev
 * server's hooks create, shared through its registered global.
 */
function realtimeInDev(): Plugin {
	return {
		name: 'classcast-realtime-dev',
		apply: 'serve',
		// Loaded here, not at the top: tools that only read this config (svelte-check, the build)
		// never import the server code or its database drivers.
		async configureServer(server) {
			if (!server.httpServer) return;
			const [{ Server }, { registerRealtime }, { loadConfig }, { createContext, getContext, listenOrigin }, { jobDeps }] = await Promise.all([
				import('socket.io'),
				import('./server/realtime/register'),
				import('./src/lib/server/config'),
				import('./src/lib/server/context'),
				import('./server/jobs/deps')
			]);
			const io: RealtimeServer = new Server(server.httpServer, { path: '/socket.io/', serveClient: false });
			const context = () => getContext(() => createContext(loadConfig()));
			registerRealtime(io, context);
			// WORKER=inline: the dev server runs the jobs too (its e-mails land in the dev outbox).
			void context().then((ctx) => (ctx.config.worker === 'inline' ? ctx.jobs.work(jobDeps(ctx)) : undefined));
			// E-mailed links point at the address Vite listens on (unless ORIGIN says otherwise).
			server.httpServer.once('listening', () => {
				const address = server.httpServer?.address();
				if (!address || typeof address !== 'object') return;
				void context().then((ctx) => {
					if (!ctx.config.origin) ctx.publicOrigin = listenOrigin('localhost', address.port);
				});
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), realtimeInDev()],
	ssr: {
		// Server-only packages stay external: they are loaded from node_modules at run time.
		external: ['sharp', 'pg', 'ioredis', '@electric-sql/pglite', 'nodemailer', 'pino', 'pg-boss']
	}
});
