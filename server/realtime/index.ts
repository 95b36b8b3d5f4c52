import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session.service';
import type { AppContext } from '../../src/lib/server/context';
import {
	rooms,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from '../../src/lib/realtime/events';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const PING_INTERVAL_MS = 25_000;

function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

/**
 * The session check at the handshake and the event handlers, for any Socket.IO server: a socket
 * signs in with the session cookie or `auth.token` and joins its user's room; anything else is
 * refused. `context` is a function so that the dev server can create the context lazily.
 */
export function registerRealtime(io: RealtimeServer, context: () => Promise<AppContext>): void {
	io.use(async (socket, next) => {
		const ctx = await context();
		const auth = socket.handshake.auth as { token?: unknown };
		const token =
			typeof auth.token === 'string' ? auth.token : cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
		const valid = token ? await validateSessionToken(ctx.db, token).catch(() => undefined) : undefined;
		if (!valid) return next(new Error('unauthorized'));
		socket.data.userId = valid.user.id;
		socket.data.sessionId = valid.session.id;
		next();
	});

	io.on('connection', (socket) => {
		void socket.join(rooms.user(socket.data.userId));
		socket.on('time:ping', (ack) => {
			if (typeof ack === 'function') ack(Date.now());
		});
	});
}

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
			for (const client of adapterClients ?? []) client.disconnect();
		}
	};
}
