import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema';
import type { CommentTombstonesTable } from '../db/schema.content';
import { commentsWithAuthor, type CommentWithAuthor } from './comments.repository';

// The change feed of a video's comments. Every change (a comment or reply created, edited, moved
// with its thread, deleted) takes the video's next revision while holding the video's row lock,
// the lock that also orders comments.seq (see insertComment): so revisions become visible in the
// order they were given, and a reader asking for `revision > n` never skips one. A comment row
// records the revision of its last change; a deletion leaves a tombstone with its own.

type Executor = Kysely<DB>;

export type TombstoneRow = Selectable<CommentTombstonesTable>;

/** One entry of the feed: a comment as it is now, or the tombstone of one deleted. */
export type ChangeRow = { kind: 'comment'; row: CommentWithAuthor } | { kind: 'tombstone'; row: TombstoneRow };

/**
 * Locks the video's row until the transaction ends and answers its revision; undefined when the
 * video does not exist. Every writer of a video's comments calls it (or insertComment) before it
 * locks a comment row, so writers of one video queue in one order and cannot deadlock.
 */
export async function lockCommentFeed(db: Executor, videoId: number): Promise<number | undefined> {
	const row = await db.selectFrom('videos').select('comment_revision').where('id', '=', videoId).forUpdate().executeTakeFirst();
	return row?.comment_revision;
}

/**
 * Takes the video's next `count` revisions (count ≥ 1) and answers the last of them: the caller
 * uses `last - count + 1` to `last`. Locks the video's row like lockCommentFeed. Undefined when
 * the video does not exist.
 */
export async function takeRevisions(db: Executor, videoId: number, count: number): Promise<number | undefined> {
	const row = await db
		.updateTable('videos')
		.set((eb) => ({ comment_revision: eb('comment_revision', '+', count) }))
		.where('id', '=', videoId)
		.returning('comment_revision')
		.executeTakeFirst();
	return row?.comment_revision;
}

/** The video's revision: every change up to it is committed. 0 when the video does not exist. */
export async function currentRevision(db: Executor, videoId: number): Promise<number> {
	const row = await db.selectFrom('videos').select('comment_revision').where('id', '=', videoId).executeTakeFirst();
	return row?.comment_revision ?? 0;
}

/**
 * What changed on the video after revision `since` up to `upTo`, in revision order, at most
 * `limit` entries: the comments whose last change is in that range (as they are now) and the
 * tombstones of the comments deleted in it. Two indexed queries, merged. `upTo` is a revision
 * read before (currentRevision): everything up to it was committed before either query started,
 * so both see the same changes, and one committed between the two cannot be skipped.
 */
export async function listChangesSince(
	db: Executor,
	videoId: number,
	options: { since: number; upTo: number; limit: number }
): Promise<ChangeRow[]> {
	const [comments, tombstones] = await Promise.all([
		commentsWithAuthor(db)
			.where('comments.video_id', '=', videoId)
			.where('comments.revision', '>', options.since)
			.where('comments.revision', '<=', options.upTo)
			.orderBy('comments.revision')
			.limit(options.limit)
			.execute(),
		db
			.selectFrom('comment_tombstones')
			.selectAll()
			.where('video_id', '=', videoId)
			.where('revision', '>', options.since)
			.where('revision', '<=', options.upTo)
			.orderBy('revision')
			.limit(options.limit)
			.execute()
	]);
	const changes: ChangeRow[] = [
		...comments.map((row) => ({ kind: 'comment' as const, row })),
		...tombstones.map((row) => ({ kind: 'tombstone' as const, row }))
	];
	return changes.sort((a, b) => a.row.revision - b.row.revision).slice(0, options.limit);
}
