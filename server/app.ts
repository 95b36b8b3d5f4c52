import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../src/lib/server/config';
import { createContext, setContext, type AppContext } from '../src/lib/server/context';
import { createRealtime } from './realtime/index';

const BUILD_HANDLER = join(import.meta.dir, '..', 'build', 'handler.js');

type KitHandler = {
	fetch: (request: Request, server: Bun.Server<unknown>) => Response | Promise<Response>;
};

let kit: Promise<KitHandler> | undefined;

/**
 * Loads the built SvelteKit app once per process. The adapter reads its header settings at import,
 * so they are set first: behind a trusted proxy the proxy's forwarded headers count; otherwise
 * the protocol is what this server speaks (plain HTTP) and client-sent forwarding headers are dropped.
 */
function loadKit(config: Config): Promise<KitHandler> {
	if (!existsSync(BUILD_HANDLER)) {
		throw new Error('The app is not built: run `bun run build` first.');
	}
	process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
	if (config.trustProxy) process.env.ADDRESS_HEADER = 'x-forwarded-for';
	kit ??= import(BUILD_HANDLER).then((m: { getHandler: () => KitHandler }) => m.getHandler());
	return kit;
}

export interface RunningApp {
	ctx: AppContext;
	server: Bun.Server<unknown>;
	url: string;
	stop(): Promise<void>;
}

/** Starts the web process: SvelteKit pages and /api, Socket.IO on /socket.io/, media on /media/. */
export async function startApp(config: Config, options: { context?: AppContext } = {}): Promise<RunningApp> {
	const ctx = options.context ?? (await createContext(config));
	setContext(ctx);
	const { fetch: kitFetch } = await loadKit(config);
	const realtime = createRealtime(ctx);
	const engineHandler = realtime.engine.handler();

	const server = Bun.serve({
		hostname: config.host,
		port: config.port,
		idleTimeout: realtime.idleTimeoutSeconds,
		maxRequestBodySize: 64 * 1024 * 1024,
		websocket: engineHandler.websocket,
		fetch(request, server) {
			const { pathname } = new URL(request.url);
			if (pathname.startsWith('/socket.io/')) return realtime.engine.handleRequest(request, server);
			if (!config.trustProxy) request.headers.set('x-forwarded-proto', 'http');
			else if (!request.headers.has('x-forwarded-proto')) request.headers.set('x-forwarded-proto', 'http');
			return kitFetch(request, server);
		},
		error(error) {
			ctx.logger.error({ err: error.message }, 'server error');
			return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
		}
	});

	const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`;
	return {
		ctx,
		server,
		url,
		async stop() {
			await realtime.io.close();
			await server.stop(true);
			if (!options.context) await ctx.close();
		}
	};
}
