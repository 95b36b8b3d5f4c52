import type { Database } from '../../src/lib/server/db/database';

let counter = 0;

/** A user row straight in the database, for tests of rules that need no session. */
export async function insertUser(db: Database, verified = true): Promise<{ id: number; verified: boolean }> {
	const n = `${Date.now().toString(36)}${(counter++).toString(36)}`;
	const row = await db
		.insertInto('users')
		.values({ email: `row${n}@example.com`, username: `row_${n}`, password: 'not-a-hash', full_name: `Row ${n}`, role: 'student', verified })
		.returning(['id', 'verified'])
		.executeTakeFirstOrThrow();
	return row;
}

export async function insertVideo(db: Database, ownerId: number, options: { isPublic?: boolean; sharedWith?: number[] } = {}): Promise<number> {
	const { id } = await db
		.insertInto('videos')
		.values({ user_id: ownerId, title: 'Etude', url: 'pending', is_public: options.isPublic ?? false })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const userId of options.sharedWith ?? []) {
		await db.insertInto('video_sharing').values({ video_id: id, user_id: userId }).execute();
	}
	return id;
}
