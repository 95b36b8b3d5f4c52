import { sql, type Kysely } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { Insertable, Updateable } from 'kysely';
import type { VideosTable } from '../db/schema.content';
import type { PersonColumns, VideoWithOwner } from './video.dto';

type Executor = Kysely<DB>;

const personColumns = ['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'] as const;

/** Videos with their owner's summary as one JSON column, so every read is one query. */
function videosWithOwner(db: Executor) {
	return db
		.selectFrom('videos')
		.selectAll('videos')
		.select((eb) =>
			jsonObjectFrom(eb.selectFrom('users').select(personColumns).whereRef('users.id', '=', 'videos.user_id'))
				.$notNull()
				.as('owner')
		);
}

// Ids from outside (URLs) may be anything; one outside int4 is simply not found.
export const isRowId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;

export async function findVideoWithOwner(db: Executor, id: number): Promise<VideoWithOwner | undefined> {
	if (!isRowId(id)) return undefined;
	return videosWithOwner(db).where('videos.id', '=', id).executeTakeFirst();
}

export interface Page {
	/** the last id of the previous page */
	before?: number;
	limit: number;
}

/** A user's own videos, newest first (by id, which serial makes creation order). */
export function listVideosOfOwner(db: Executor, ownerId: number, page: Page): Promise<VideoWithOwner[]> {
	let query = videosWithOwner(db).where('videos.user_id', '=', ownerId);
	if (page.before) query = query.where('videos.id', '<', page.before);
	return query.orderBy('videos.id', 'desc').limit(page.limit).execute();
}

/** Videos shared with a user, newest share first; `shareId` is the cursor. */
export function listVideosSharedWith(
	db: Executor,
	userId: number,
	page: Page
): Promise<(VideoWithOwner & { share_id: number })[]> {
	let query = videosWithOwner(db)
		.innerJoin('video_sharing', 'video_sharing.video_id', 'videos.id')
		.select('video_sharing.id as share_id')
		.where('video_sharing.user_id', '=', userId);
	if (page.before) query = query.where('video_sharing.id', '<', page.before);
	return query.orderBy('video_sharing.id', 'desc').limit(page.limit).execute();
}

/** The id the next video will have, taken before its files are stored under `videos/{u}/{id}/`. */
export async function nextVideoId(db: Executor): Promise<number> {
	const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('videos', 'id'))::int as id`.execute(db);
	return rows[0]!.id;
}

export async function insertVideo(db: Executor, video: Insertable<VideosTable> & { id: number }): Promise<void> {
	await db.insertInto('videos').values(video).execute();
}

export async function updateVideo(db: Executor, id: number, changes: Updateable<VideosTable>): Promise<boolean> {
	const result = await db
		.updateTable('videos')
		.set({ ...changes, updated_at: sql`now()` })
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Deletes the row (comments, shares and stored-file records go with it, by cascade). */
export async function deleteVideo(db: Executor, id: number): Promise<{ user_id: number } | undefined> {
	return db.deleteFrom('videos').where('id', '=', id).returning('user_id').executeTakeFirst();
}

// ---- sharing -----------------------------------------------------------------------------

/** Shares a video; undefined when it already was. */
export function insertShare(db: Executor, videoId: number, userId: number): Promise<{ created_at: Date } | undefined> {
	return db
		.insertInto('video_sharing')
		.values({ video_id: videoId, user_id: userId })
		.onConflict((oc) => oc.columns(['video_id', 'user_id']).doNothing())
		.returning('created_at')
		.executeTakeFirst();
}

export async function deleteShare(db: Executor, videoId: number, userId: number): Promise<boolean> {
	const result = await db.deleteFrom('video_sharing').where('video_id', '=', videoId).where('user_id', '=', userId).executeTakeFirst();
	return result.numDeletedRows > 0n;
}

export function listShares(db: Executor, videoId: number): Promise<(PersonColumns & { shared_at: Date })[]> {
	return db
		.selectFrom('video_sharing')
		.innerJoin('users', 'users.id', 'video_sharing.user_id')
		.select([...personColumns, 'video_sharing.created_at as shared_at'])
		.where('video_sharing.video_id', '=', videoId)
		.orderBy('video_sharing.id')
		.execute();
}

/**
 * The people who may view the video by name, verified and active, by name: its owner and those
 * it is shared with. Not everyone who may see a public video (that is every signed-in user).
 */
export function listNamedViewers(db: Executor, videoId: number): Promise<PersonColumns[]> {
	return db
		.selectFrom('users')
		.select(personColumns)
		.where('users.verified', '=', true)
		.where('users.active', '=', true)
		.where((eb) =>
			eb.or([
				eb('users.id', '=', eb.selectFrom('videos').select('videos.user_id').where('videos.id', '=', videoId)),
				eb('users.id', 'in', eb.selectFrom('video_sharing').select('video_sharing.user_id').where('video_sharing.video_id', '=', videoId))
			])
		)
		.orderBy('users.full_name')
		.orderBy('users.id')
		.execute();
}

export async function sharedUserIds(db: Executor, videoId: number): Promise<number[]> {
	const rows = await db.selectFrom('video_sharing').select('user_id').where('video_id', '=', videoId).execute();
	return rows.map((r) => r.user_id);
}

// ---- people to share with -----------------------------------------------------------------

/** A person who can be shared with: verified and active. */
export function findShareablePerson(db: Executor, id: number): Promise<PersonColumns | undefined> {
	if (!isRowId(id)) return Promise.resolve(undefined);
	return db
		.selectFrom('users')
		.select(personColumns)
		.where('id', '=', id)
		.where('verified', '=', true)
		.where('active', '=', true)
		.executeTakeFirst();
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Verified, active people whose username or name contains `query` (ignoring case), the caller excepted. */
export function searchPeople(db: Executor, query: string, exceptId: number, limit: number): Promise<PersonColumns[]> {
	const pattern = `%${escapeLike(query)}%`;
	const prefix = `${escapeLike(query.toLowerCase())}%`;
	return db
		.selectFrom('users')
		.select(personColumns)
		.where('verified', '=', true)
		.where('active', '=', true)
		.where('id', '!=', exceptId)
		.where((eb) => eb.or([eb('username', 'ilike', pattern), eb('full_name', 'ilike', pattern)]))
		// Names that start with what was typed come first.
		.orderBy(sql`(lower(username) like ${prefix} or lower(full_name) like ${prefix})`, 'desc')
		.orderBy('full_name')
		.orderBy('id')
		.limit(limit)
		.execute();
}
