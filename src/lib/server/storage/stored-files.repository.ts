import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { NewStoredFile, StoredFileRow } from '../db/schema.storage';

/** Records a stored object, or replaces the record of one stored again under the same key. */
export async function recordStoredFile(db: Kysely<DB>, file: NewStoredFile): Promise<void> {
	await db
		.insertInto('stored_files')
		.values(file)
		.onConflict((oc) =>
			oc.column('key').doUpdateSet((eb) => ({
				owner_id: eb.ref('excluded.owner_id'),
				kind: eb.ref('excluded.kind'),
				video_id: eb.ref('excluded.video_id'),
				content_type: eb.ref('excluded.content_type'),
				size: eb.ref('excluded.size'),
				created_at: eb.fn('now')
			}))
		)
		.execute();
}

export function findStoredFile(db: Kysely<DB>, key: string): Promise<StoredFileRow | undefined> {
	return db.selectFrom('stored_files').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function deleteStoredFiles(db: Kysely<DB>, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	await db.deleteFrom('stored_files').where('key', 'in', keys).execute();
}

/** Forgets every file of a video (its bytes are removed with `Storage.deletePrefix`). */
export async function deleteStoredFilesOfVideo(db: Kysely<DB>, videoId: number): Promise<void> {
	await db.deleteFrom('stored_files').where('video_id', '=', videoId).execute();
}
