import { sql, type Kysely } from 'kysely';
import { sessionUserColumns, type DB, type EmailTokenPurpose, type SessionRow, type SessionUser } from '../db/schema';

type Executor = Kysely<DB>;

export function insertSession(
	db: Executor,
	session: { id: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null }
): Promise<SessionRow> {
	return db
		.insertInto('sessions')
		.values({
			id: session.id,
			user_id: session.userId,
			expires_at: session.expiresAt,
			ip: session.ip,
			user_agent: session.userAgent
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

// The user's columns, qualified: `id`, `created_at` and `user_agent` exist in both tables.
const sessionUserSelection = sessionUserColumns.map((column) => `users.${column}` as const);

/**
 * The session and its user in one round trip (this runs on every signed-in request). The user is
 * a SessionUser: the password hash is never read here, so it cannot reach `locals.user`.
 */
export async function findSessionWithUser(
	db: Executor,
	sessionId: string
): Promise<{ session: SessionRow; user: SessionUser } | undefined> {
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(sessionUserSelection)
		.select([
			'sessions.id as session_id',
			'sessions.expires_at as session_expires_at',
			'sessions.created_at as session_created_at',
			'sessions.ip as session_ip',
			'sessions.user_agent as session_user_agent'
		])
		.where('sessions.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return undefined;
	const { session_id, session_expires_at, session_created_at, session_ip, session_user_agent, ...user } = row;
	return {
		session: {
			id: session_id,
			user_id: user.id,
			expires_at: session_expires_at,
			created_at: session_created_at,
			ip: session_ip,
			user_agent: session_user_agent
		},
		user
	};
}

export async function extendSession(db: Executor, sessionId: string, expiresAt: Date): Promise<void> {
	await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Executor, userId: number): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Executor, now = new Date()): Promise<number> {
	const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

export async function insertEmailToken(
	db: Executor,
	token: { hash: string; userId: number; purpose: EmailTokenPurpose; expiresAt: Date }
): Promise<void> {
	await db
		.insertInto('email_tokens')
		.values({ token_hash: token.hash, user_id: token.userId, purpose: token.purpose, expires_at: token.expiresAt })
		.execute();
}

/** Marks an unused, unexpired token used and returns its user id; undefined when it cannot be used. */
export async function consumeEmailToken(
	db: Executor,
	hash: string,
	purpose: EmailTokenPurpose,
	now = new Date()
): Promise<number | undefined> {
	const row = await db
		.updateTable('email_tokens')
		.set({ used_at: now })
		.where('token_hash', '=', hash)
		.where('purpose', '=', purpose)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.returning('user_id')
		.executeTakeFirst();
	return row?.user_id;
}

/** Retires a user's outstanding tokens of one purpose, so only the newest link works. */
export async function retireEmailTokens(db: Executor, userId: number, purpose: EmailTokenPurpose): Promise<void> {
	await db
		.updateTable('email_tokens')
		.set({ used_at: sql`current_timestamp` })
		.where('user_id', '=', userId)
		.where('purpose', '=', purpose)
		.where('used_at', 'is', null)
		.execute();
}

export interface AuthEvent {
	userId: number | null;
	kind: 'register' | 'verify_email' | 'login' | 'logout' | 'forgot_password' | 'reset_password';
	success: boolean;
	login?: string | null;
	reason?: string | null;
	ip: string | null;
	userAgent: string | null;
}

export async function insertAuthEvent(db: Executor, event: AuthEvent): Promise<void> {
	await db
		.insertInto('auth_events')
		.values({
			user_id: event.userId,
			kind: event.kind,
			success: event.success,
			login_attempted: event.login?.slice(0, 255) ?? null,
			reason: event.reason ?? null,
			ip: event.ip,
			user_agent: event.userAgent?.slice(0, 512) ?? null
		})
		.execute();
}

/** Removes tokens that can no longer be used, a while after they stopped working. */
export async function deleteStaleEmailTokens(db: Executor, olderThan: Date): Promise<number> {
	const result = await db
		.deleteFrom('email_tokens')
		.where((eb) => eb.or([eb('expires_at', '<', olderThan), eb('used_at', '<', olderThan)]))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
