import { findSessionWithUser } from '../../src/lib/server/auth/auth.repository';
import type { AppContext } from '../../src/lib/server/context';
import { findLiveSessionIds } from '../../src/lib/server/realtime/live-sessions.repository';
import type { ServerSocket } from './handlers/types';
import type { RealtimeServer } from './types';

/**
 * How long a socket's session check holds. Logout, a reset and deactivation end sockets at once;
 * this bound catches a session that ended any other way (expired, purged, deleted by hand): the
 * node re-checks all its sockets this often, and a command sent past it re-reads its session.
 */
export const SESSION_RECHECK_MS = 5 * 60 * 1000;

// Session ids per query in a sweep; far below PostgreSQL's limit on bound parameters.
const SWEEP_BATCH = 500;

/** True while the socket's session is current; re-reads it when the last check is too old. */
export async function sessionStillValid(ctx: AppContext, socket: ServerSocket): Promise<boolean> {
	const now = Date.now();
	if (now - socket.data.sessionCheckedAt < SESSION_RECHECK_MS) return true;
	const found = await findSessionWithUser(ctx.db, socket.data.sessionId);
	const valid = !!found && found.session.expires_at.getTime() > now && !!found.user.active;
	if (valid) socket.data.sessionCheckedAt = now;
	return valid;
}

/** Tells a socket its session has ended, then disconnects it. */
export function endSocket(socket: ServerSocket): void {
	socket.emit('session:revoked', { reason: 'expired' });
	socket.disconnect(true);
}

/**
 * Re-checks the session of every socket on this node in a few queries and ends the sockets whose
 * session is gone, so a socket that only listens cannot outlive its session either.
 */
export async function sweepEndedSessions(ctx: AppContext, io: RealtimeServer): Promise<number> {
	const started = Date.now();
	const sockets = [...io.of('/').sockets.values()];
	const ids = [...new Set(sockets.map((socket) => socket.data.sessionId))];
	const live = new Set<string>();
	for (let i = 0; i < ids.length; i += SWEEP_BATCH) {
		for (const id of await findLiveSessionIds(ctx.db, ids.slice(i, i + SWEEP_BATCH))) live.add(id);
	}
	let ended = 0;
	for (const socket of sockets) {
		if (live.has(socket.data.sessionId)) socket.data.sessionCheckedAt = started;
		else if (socket.connected) {
			endSocket(socket);
			ended++;
		}
	}
	if (ended) ctx.logger.info({ ended }, 'sockets of ended sessions disconnected');
	return ended;
}
