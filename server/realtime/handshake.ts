import type { Socket } from 'socket.io';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session.service';
import type { AppContext } from '../../src/lib/server/context';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../src/lib/realtime/events';
import { isOwnOrigin } from './origin';

type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The messages a refused client sees in `connect_error`. */
export const REFUSAL = {
	forbiddenOrigin: 'forbidden_origin',
	unauthorized: 'unauthorized',
	unavailable: 'unavailable'
} as const;

/** What `cookieValue` answers for a value with a broken escape (`%E0%A4%A`), instead of throwing. */
export const MALFORMED = Symbol('malformed cookie');

/** A cookie's decoded value, undefined when absent, `MALFORMED` when it cannot be decoded. */
export function cookieValue(header: string | undefined, name: string): string | typeof MALFORMED | undefined {
	for (const part of header?.split(';') ?? []) {
		const [key, ...rest] = part.trim().split('=');
		if (key !== name) continue;
		try {
			return decodeURIComponent(rest.join('='));
		} catch {
			return MALFORMED;
		}
	}
	return undefined;
}

const header = (socket: ServerSocket, name: string): string | undefined => {
	const value = socket.handshake.headers[name];
	return Array.isArray(value) ? value[0] : value;
};

/**
 * The handshake: the Origin must be the app's own, then the session cookie or `auth.token` must
 * name a current session. Whatever goes wrong (a malformed cookie, the database down) answers the
 * client with a refusal instead of leaving the connection hanging.
 */
export function handshake(context: () => Promise<AppContext>) {
	return async (socket: ServerSocket, next: (error?: Error) => void): Promise<void> => {
		let ctx: AppContext | undefined;
		try {
			ctx = await context();
			const forwarded = ctx.config.trustProxy ? header(socket, 'x-forwarded-proto') : undefined;
			const ownOrigin = isOwnOrigin({
				origin: header(socket, 'origin'),
				host: header(socket, 'host'),
				configured: ctx.config.origin,
				protocol: forwarded === 'https' ? 'https' : 'http'
			});
			if (!ownOrigin) {
				ctx.logger.warn({ origin: header(socket, 'origin') }, 'socket refused: foreign origin');
				return next(new Error(REFUSAL.forbiddenOrigin));
			}
			const auth = socket.handshake.auth as { token?: unknown };
			const token = typeof auth.token === 'string' ? auth.token : cookieValue(header(socket, 'cookie'), SESSION_COOKIE);
			if (token === MALFORMED) {
				ctx.logger.warn('socket refused: malformed session cookie');
				return next(new Error(REFUSAL.unauthorized));
			}
			const valid = token ? await validateSessionToken(ctx.db, token) : undefined;
			if (!valid) {
				ctx.logger.info({ credential: token ? 'unknown or ended session' : 'none' }, 'socket refused: unauthorized');
				return next(new Error(REFUSAL.unauthorized));
			}
			socket.data.userId = valid.user.id;
			socket.data.sessionId = valid.session.id;
			socket.data.sessionCheckedAt = Date.now();
			next();
		} catch (error) {
			const err = error instanceof Error ? error : new Error(String(error));
			// Without a context there is no logger of the app's; stderr still records it.
			if (ctx) ctx.logger.error({ err: err.message, stack: err.stack }, 'socket handshake failed');
			else console.error('socket handshake failed:', err);
			next(new Error(REFUSAL.unavailable));
		}
	};
}
