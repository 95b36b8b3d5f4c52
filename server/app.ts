import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../src/lib/server/config';
import { bindRequest, createContext, listenOrigin, setContext, type AppContext } from '../src/lib/server/context';
import { checkHost } from '../src/lib/server/web/host';
import { withSecurityHeaders } from '../src/lib/server/web/headers';
import { handleOneClickUnsubscribe, isOneClickUnsubscribe } from '../src/lib/server/notifications/one-click';
import { handleDirectUpload, isDirectUploadRoute } from '../src/lib/server/uploads/direct-routes';
import { MULTIPART_SLACK } from '../src/lib/server/videos/multipart';
import { createRealtime, type RealtimeServer } from './realtime/index';
import { jobDeps } from './jobs/deps';

const BUILD_HANDLER = join(import.meta.dir, '..', 'build', 'handler.js');

type KitHandler = {
	fetch: (request: Request, server: Bun.Server<unknown>) => Response | Promise<Response>;
};

let kit: Promise<KitHandler> | undefined;

/**
 * Loads the built SvelteKit app once per process. The adapter derives the origin's protocol from
 * X-Forwarded-Proto, which the server sets on every request (see `forwardedProto`).
 */
function loadKit(): Promise<KitHandler> {
	if (!existsSync(BUILD_HANDLER)) {
		throw new Error('The app is not built: run `bun run build` first.');
	}
	process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
	kit ??= import(BUILD_HANDLER).then((m: { getHandler: () => KitHandler }) => m.getHandler());
	return kit;
}

/**
 * Forwarding headers count only behind a trusted proxy; otherwise they are the client's word,
 * and the protocol is what this server speaks (plain HTTP).
 */
function forwardedProto(request: Request, trustProxy: boolean): void {
	const claimed = request.headers.get('x-forwarded-proto');
	const proto = trustProxy && (claimed === 'https' || claimed === 'http') ? claimed : 'http';
	request.headers.set('x-forwarded-proto', proto);
}

function clientAddress(request: Request, server: Bun.Server<unknown>, trustProxy: boolean): string | null {
	if (trustProxy) {
		const hops = request.headers.get('x-forwarded-for')?.split(',').map((h) => h.trim()).filter(Boolean);
		if (hops?.length) return hops.at(-1)!.slice(0, 64);
	}
	return server.requestIP(request)?.address ?? null;
}

const hostRefusal = {
	invalid: { status: 400, code: 'invalid_host', message: 'The Host header is not a valid host name.' },
	misdirected: { status: 421, code: 'misdirected_request', message: 'This server does not answer for that host.' }
} as const;

// Load balancers probe by address, not by name: health checks answer whatever the Host.
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

export interface RunningApp {
	ctx: AppContext;
	server: Bun.Server<unknown>;
	/** This node's Socket.IO server; with Redis, what it emits to a room reaches every node. */
	io: RealtimeServer;
	url: string;
	/**
	 * Graceful stop (SIGTERM): stop accepting connections, let in-flight requests finish (up to
	 * `timeoutMs`), tell sockets to reconnect elsewhere, then close the context.
	 */
	drain(timeoutMs: number): Promise<void>;
	stop(): Promise<void>;
}

/** Starts the web process: SvelteKit pages and /api, Socket.IO on /socket.io/, media on /media/. */
export async function startApp(config: Config, options: { context?: AppContext } = {}): Promise<RunningApp> {
	const ctx = options.context ?? (await createContext(config));
	setContext(ctx);
	const { fetch: kitFetch } = await loadKit();
	const realtime = createRealtime(ctx);
	await realtime.ready();
	const engineHandler = realtime.engine.handler();

	const server = Bun.serve({
		hostname: config.host,
		port: config.port,
		idleTimeout: realtime.idleTimeoutSeconds,
		// Video uploads (tus chunks, multipart forms) stream to disk; every other body is bounded
		// by its route (JSON 64 KB, page forms 16 MB).
		maxRequestBodySize: Math.max(64 * 1024 * 1024, config.uploadMaxBytes + MULTIPART_SLACK),
		websocket: engineHandler.websocket,
		async fetch(request, server) {
			// Checked before anything reads `request.url`, which Bun builds from the Host header.
			const hostCheck = checkHost(request.headers.get('host'), config.origin);
			const pathname = hostCheck === 'invalid' ? '' : new URL(request.url).pathname;
			if (hostCheck !== 'ok' && !(hostCheck === 'misdirected' && HEALTH_PATHS.has(pathname))) {
				const { status, code, message } = hostRefusal[hostCheck];
				return withSecurityHeaders(Response.json({ error: { code, message, field: 'host' } }, { status }));
			}
			if (pathname.startsWith('/socket.io/')) {
				// A websocket upgrade answers with nothing: the socket is the answer.
				const response = await realtime.engine.handleRequest(request, server);
				return response && withSecurityHeaders(response);
			}
			forwardedProto(request, config.trustProxy);
			// File bodies stream to disk from here: SvelteKit's copy of the request would buffer them.
			if (isDirectUploadRoute(request, pathname)) return withSecurityHeaders(await handleDirectUpload(ctx, request, pathname));
			if (isOneClickUnsubscribe(request, pathname)) return withSecurityHeaders(await handleOneClickUnsubscribe(ctx, request));
			bindRequest(request, { ctx, clientAddress: clientAddress(request, server, config.trustProxy) });
			// Static assets are served by the adapter before SvelteKit's hooks run.
			return withSecurityHeaders(await kitFetch(request, server));
		},
		error(error) {
			ctx.logger.error({ err: error }, 'server error');
			return withSecurityHeaders(
				Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 })
			);
		}
	});
	if (!config.origin) ctx.publicOrigin = listenOrigin(config.host, server.port ?? config.port);

	// WORKER=inline (the default): this process also runs the jobs; WORKER=off only enqueues them.
	if (config.worker === 'inline') await ctx.jobs.work(jobDeps(ctx));

	const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`;
	return {
		ctx,
		server,
		io: realtime.io,
		url,
		async drain(timeoutMs) {
			// Stop listening first; then send the sockets away (their clients reconnect to another
			// node), so that only plain requests are left to wait for.
			const inFlight = server.stop(false);
			await realtime.close();
			const timedOut = await Promise.race([inFlight.then(() => false), Bun.sleep(timeoutMs).then(() => true)]);
			if (timedOut) ctx.logger.warn({ timeoutMs }, 'requests still running at shutdown: closing them');
			await server.stop(true);
			await ctx.jobs.stopWorking();
			if (!options.context) await ctx.close();
		},
		async stop() {
			await ctx.jobs.stopWorking();
			await realtime.close();
			await server.stop(true);
			if (!options.context) await ctx.close();
		}
	};
}
