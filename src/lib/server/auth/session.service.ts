import type { Database } from '../db/database';
import type { SessionRow, SessionUser } from '../db/schema';
import {
	deleteSession,
	deleteUserSessions,
	extendSession,
	findSessionWithUser,
	insertSession
} from './auth.repository';
import { generateToken, hashToken } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session lives 30 days after its last use. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
// Extending on every request would write on every request; once past half-life is enough.
const RENEW_BEFORE_MS = 15 * DAY_MS;

export const SESSION_COOKIE = 'classcast_session';

export interface ClientMeta {
	ip: string | null;
	userAgent: string | null;
}

export interface ValidSession {
	session: SessionRow;
	/** Never the password hash: this is what becomes `locals.user`. */
	user: SessionUser;
	/** True when the expiry moved, so the cookie should be re-sent with it. */
	renewed: boolean;
}

/** Creates a session; the token is returned to the client once and only its hash is stored. */
export async function createSession(db: Database, userId: number, meta: ClientMeta) {
	const token = generateToken();
	const session = await insertSession(db, {
		id: hashToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
		ip: meta.ip,
		userAgent: meta.userAgent?.slice(0, 512) ?? null
	});
	return { token, session };
}

/** The session a token names, if it is current and its user may still sign in. */
export async function validateSessionToken(db: Database, token: string): Promise<ValidSession | undefined> {
	if (!/^[a-z2-7]{20,100}$/.test(token)) return undefined;
	const found = await findSessionWithUser(db, hashToken(token));
	if (!found) return undefined;
	const { session, user } = found;
	const now = Date.now();
	if (session.expires_at.getTime() <= now || !user.active) {
		await deleteSession(db, session.id);
		return undefined;
	}
	if (session.expires_at.getTime() - now < RENEW_BEFORE_MS) {
		session.expires_at = new Date(now + SESSION_LIFETIME_MS);
		await extendSession(db, session.id, session.expires_at);
		return { session, user, renewed: true };
	}
	return { session, user, renewed: false };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: Database, userId: number): Promise<void> {
	await deleteUserSessions(db, userId);
}
