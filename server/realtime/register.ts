import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session.service';
import type { AppContext } from '../../src/lib/server/context';
import { rooms } from '../../src/lib/realtime/events';
import type { RealtimeServer } from './types';

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
