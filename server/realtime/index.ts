import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import { Server } from 'socket.io';
import type { AppContext } from '../../src/lib/server/context';
import { socketIoRedisKey } from '../../src/lib/server/realtime/emitter';
import { registerRealtime } from './register';
import type { RealtimeServer } from './types';

export type { RealtimeServer };

const PING_INTERVAL_MS = 25_000;
const REDIS_READY_TIMEOUT_MS = 5_000;

/**
 * Resolves when the client is connected, or after a timeout (Redis down at start: the node runs
 * on and ioredis keeps reconnecting). The adapter's SUBSCRIBEs sit in the offline queue until
 * then, and a QUIT before the connection is up rejects them where nobody catches the rejection.
 */
function whenReady(client: Redis): Promise<void> {
	if (client.status === 'ready') return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			client.off('ready', done);
			resolve();
		};
		const timer = setTimeout(done, REDIS_READY_TIMEOUT_MS);
		client.once('ready', done);
	});
}

/**
 * The adapter does not await its PUBLISHes; with Redis down, a rejected one would be an
 * unhandled rejection, which ends a Bun process. This client logs the failure instead.
 */
function publishSafely(client: Redis, ctx: AppContext): Redis {
	const publish = client.publish.bind(client);
	const safe = (channel: string | Buffer, message: string | Buffer) =>
		publish(channel, message).catch((error: Error) => {
			ctx.logger.error({ err: error.message }, 'redis publish failed (socket.io adapter)');
			return 0;
		});
	return Object.assign(client, { publish: safe });
}

/** Socket.IO on the web port at /socket.io/, through the Bun engine (production and tests). */
export function createRealtime(ctx: AppContext) {
	const io: RealtimeServer = new Server({ serveClient: false });
	const engine = new Engine({ path: '/socket.io/', pingInterval: PING_INTERVAL_MS });
	io.bind(engine);
	const adapterClients = ctx.redis ? ([publishSafely(ctx.redis.duplicate(), ctx), ctx.redis.duplicate()] as const) : undefined;
	if (adapterClients) {
		for (const client of adapterClients) {
			client.on('error', (error: Error) => ctx.logger.error({ err: error.message }, 'redis error (socket.io adapter)'));
		}
		io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: socketIoRedisKey(ctx.config.keyPrefix) }));
	}
	const registered = registerRealtime(io, async () => ctx);
	return {
		io,
		engine,
		idleTimeoutSeconds: Math.ceil(PING_INTERVAL_MS / 1000) + 10,
		/** Resolves once the adapter's Redis connections are up (or gave up waiting). */
		ready: () => Promise.all((adapterClients ?? []).map(whenReady)).then(() => undefined),
		async close() {
			registered.close();
			ctx.realtime.detach(io);
			await io.close();
			// QUIT, not disconnect: the adapter's close() sends UNSUBSCRIBEs without awaiting them, and
			// QUIT lets queued commands finish instead of cutting the connection under them.
			await Promise.all((adapterClients ?? []).map((client) => client.quit().catch(() => undefined)));
		}
	};
}
