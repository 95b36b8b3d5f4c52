import type { Database } from '../db/database';
import { deleteExpiredSessions, deleteStaleEmailTokens } from './auth.repository';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes expired sessions and e-mail tokens that stopped working over a week ago (kept that long
 * so a support question about a link can still be answered). Idempotent: any node may run it.
 */
export async function purgeExpiredCredentials(db: Database, now = new Date()) {
	const sessions = await deleteExpiredSessions(db, now);
	const emailTokens = await deleteStaleEmailTokens(db, new Date(now.getTime() - WEEK_MS));
	return { sessions, emailTokens };
}
