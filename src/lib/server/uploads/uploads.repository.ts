import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { NewUpload, UploadRow } from '../db/schema.video';

type Executor = Kysely<DB>;

export async function insertUpload(db: Executor, upload: NewUpload): Promise<void> {
	await db.insertInto('uploads').values(upload).execute();
}

export function findUpload(db: Executor, id: string): Promise<UploadRow | undefined> {
	return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The caller's upload that is still open to HEAD, PATCH and DELETE (not yet made into a video). */
export function findOpenUploadOf(db: Executor, id: string, userId: number): Promise<UploadRow | undefined> {
	return db
		.selectFrom('uploads')
		.selectAll()
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.where('claimed_at', 'is', null)
		.executeTakeFirst();
}

/** Notes the bytes received; the upload completes when they reach its size. */
export async function recordUploadOffset(db: Executor, id: string, offset: number): Promise<void> {
	await db
		.updateTable('uploads')
		.set((eb) => ({
			offset,
			completed_at: eb.case().when('size', '=', offset).then(sql<Date>`coalesce(completed_at, now())`).else(null).end()
		}))
		.where('id', '=', id)
		.execute();
}

/**
 * Marks a completed upload of `userId` as made into a video. Conditional on it being unclaimed,
 * so two requests racing for one upload cannot both win: the loser gets false.
 */
export async function claimUpload(db: Executor, id: string, userId: number): Promise<boolean> {
	const result = await db
		.updateTable('uploads')
		.set({ claimed_at: sql`now()` })
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.where('completed_at', 'is not', null)
		.where('claimed_at', 'is', null)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

export async function deleteUpload(db: Executor, id: string): Promise<void> {
	await db.deleteFrom('uploads').where('id', '=', id).execute();
}

/** Forgets uploads not made into a video by `cutoff` (finished or not); returns their ids. */
export async function deleteUnclaimedUploadsBefore(db: Executor, cutoff: Date): Promise<string[]> {
	const rows = await db
		.deleteFrom('uploads')
		.where('claimed_at', 'is', null)
		.where('created_at', '<', cutoff)
		.returning('id')
		.execute();
	return rows.map((r) => r.id);
}

/** Which of `ids` have a row (an upload someone may still finish or claim). */
export async function existingUploadIds(db: Executor, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('uploads').select('id').where('id', 'in', ids).where('claimed_at', 'is', null).execute();
	return new Set(rows.map((r) => r.id));
}
