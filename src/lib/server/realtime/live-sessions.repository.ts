import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Of the given session ids, those whose session is current and whose user may still sign in. */
export async function findLiveSessionIds(db: Kysely<DB>, ids: string[], now = new Date()): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select('sessions.id')
		.where('sessions.id', 'in', ids)
		.where('sessions.expires_at', '>', now)
		.where('users.active', '=', true)
		.execute();
	return new Set(rows.map((row) => row.id));
}
