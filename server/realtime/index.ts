import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { AppContext } from '../../src/lib/server/context';
import { registerRealtime } from './register';
import type { RealtimeServer } from './types';

export type { RealtimeServer };

const PING_INTERVAL_MS = 25_000;

/** Socket.IO on the web port at /socket.io/, through the Bun engine (production and tests). */
export function createRealtime(ctx: AppContext) {
	const io: RealtimeServer = new Server({ serveClient: false });
	const engine = new Engine({ path: '/socket.io/', pingInterval: PING_INTERVAL_MS });
	io.bind(engine);
	const adapterClients = ctx.redis ? ([ctx.redis.duplicate(), ctx.redis.duplicate()] as const) : undefined;
	if (adapterClients) {
		for (const client of adapterClients) {
			client.on('error', (error: Error) => ctx.logger.error({ err: error.message }, 'redis error (socket.io adapter)'));
		}
		io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: `${ctx.config.keyPrefix}:socket.io` }));
	}
	registerRealtime(io, async () => ctx);
	return {
		io,
		engine,
		idleTimeoutSeconds: Math.ceil(PING_INTERVAL_MS / 1000) + 10,
		async close() {
			await io.close();
			// QUIT, not disconnect: the adapter's close() sends UNSUBSCRIBEs without awaiting them, and
			// QUIT lets queued commands finish instead of cutting the connection under them.
			await Promise.all((adapterClients ?? []).map((client) => client.quit().catch(() => undefined)));
		}
	};
}
