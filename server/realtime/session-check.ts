import { findSessionWithUser } from '../../src/lib/server/auth/auth.repository';
import type { AppContext } from '../../src/lib/server/context';
import type { ServerSocket } from './handlers/types';

/**
 * How long a socket's session check holds. Logout, a reset and deactivation end sockets at once;
 * this bound catches a session that ended any other way (expired, purged, deleted by hand): the
 * first command sent after it re-reads the session.
 */
export const SESSION_RECHECK_MS = 5 * 60 * 1000;

/** True while the socket's session is current; re-reads it when the last check is too old. */
export async function sessionStillValid(ctx: AppContext, socket: ServerSocket): Promise<boolean> {
	const now = Date.now();
	if (now - socket.data.sessionCheckedAt < SESSION_RECHECK_MS) return true;
	const found = await findSessionWithUser(ctx.db, socket.data.sessionId);
	const valid = !!found && found.session.expires_at.getTime() > now && found.user.active;
	if (valid) socket.data.sessionCheckedAt = now;
	return valid;
}
