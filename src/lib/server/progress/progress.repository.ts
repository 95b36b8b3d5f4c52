import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { ProgressRecordsTable } from '../db/schema.content';
import type { PersonColumns } from '../videos/video.dto';

type Executor = Kysely<DB>;
export type ProgressRow = Selectable<ProgressRecordsTable>;
/** A record with its teacher, and its video's title when the reader may see that video. */
export type ProgressRowWithContext = ProgressRow & { teacher: PersonColumns; video: { id: number; title: string } | null };

const personColumns = ['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'] as const;

/**
 * Records with their teacher and video as JSON columns. Another of the student's teachers may not
 * be allowed to watch the video a record is about, so its title comes only when `readerId` owns
 * the video, it is shared with them, or it is public (the access layer's view rule, in SQL).
 */
function withContext(db: Executor, readerId: number) {
	return db
		.selectFrom('progress_records as p')
		.selectAll('p')
		.select((eb) => [
			jsonObjectFrom(eb.selectFrom('users').select(personColumns).whereRef('users.id', '=', 'p.teacher_id'))
				.$notNull()
				.as('teacher'),
			jsonObjectFrom(
				eb
					.selectFrom('videos')
					.select(['videos.id', 'videos.title'])
					.whereRef('videos.id', '=', 'p.video_id')
					.where((v) =>
						v.or([
							v('videos.user_id', '=', readerId),
							v('videos.is_public', '=', true),
							v.exists(
								v
									.selectFrom('video_sharing')
									.select(sql`1`.as('one'))
									.whereRef('video_sharing.video_id', '=', 'videos.id')
									.where('video_sharing.user_id', '=', readerId)
							)
						])
					)
			).as('video')
		]);
}

export function insertProgressRecord(db: Executor, row: Insertable<ProgressRecordsTable>): Promise<ProgressRow> {
	return db.insertInto('progress_records').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateProgressRecord(db: Executor, id: number, changes: Updateable<ProgressRecordsTable>): Promise<ProgressRow | undefined> {
	return db.updateTable('progress_records').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteProgressRecord(db: Executor, id: number): Promise<boolean> {
	const result = await db.deleteFrom('progress_records').where('id', '=', id).executeTakeFirst();
	return result.numDeletedRows > 0n;
}

export function findProgressRecord(db: Executor, id: number, readerId: number): Promise<ProgressRowWithContext | undefined> {
	return withContext(db, readerId).where('p.id', '=', id).executeTakeFirst();
}

/** A student's records, newest first (ids only grow); `beforeId` is the keyset cursor. */
export function listProgressRecords(
	db: Executor,
	studentId: number,
	readerId: number,
	page: { beforeId?: number; limit: number }
): Promise<ProgressRowWithContext[]> {
	let q = withContext(db, readerId).where('p.student_id', '=', studentId);
	if (page.beforeId !== undefined) q = q.where('p.id', '<', page.beforeId);
	return q.orderBy('p.id', 'desc').limit(page.limit).execute();
}

/** The student's videos that `viewerId` may watch (shared with them, or public), newest first. */
export function listWatchableVideosOf(db: Executor, ownerId: number, viewerId: number, limit: number) {
	return db
		.selectFrom('videos')
		.select(['videos.id', 'videos.title', 'videos.created_at'])
		.where('videos.user_id', '=', ownerId)
		.where((eb) =>
			eb.or([
				eb('videos.is_public', '=', true),
				eb.exists(
					eb
						.selectFrom('video_sharing')
						.select(sql`1`.as('one'))
						.whereRef('video_sharing.video_id', '=', 'videos.id')
						.where('video_sharing.user_id', '=', viewerId)
				)
			])
		)
		.orderBy('videos.id', 'desc')
		.limit(limit)
		.execute();
}
