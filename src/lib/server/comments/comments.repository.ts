import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { Drawing } from '../../review/drawing';
import type { CommentCategoryValue, CommentsTable } from '../db/schema.content';
import type { PersonColumns } from '../videos/video.dto';

type Executor = Kysely<DB>;

export type CommentRow = Selectable<CommentsTable>;
export type CommentWithAuthor = CommentRow & { author: PersonColumns };

export interface NewComment {
	videoId: number;
	userId: number;
	content: string;
	/** position in the video, seconds (fractions kept) */
	timestamp: number;
	endTimestamp?: number | null;
	category?: CommentCategoryValue | null;
	parentCommentId?: number | null;
	drawing?: Drawing | null;
}

const drawingJson = (drawing: Drawing | null | undefined) => (drawing ? JSON.stringify(drawing) : null);

/**
 * Inserts a comment numbered with its video's next sequence number, in one statement. The UPDATE
 * of `videos.comment_seq` locks the video row until the caller's transaction ends, so a second
 * comment on the same video waits for this one to commit before it takes the next number: numbers
 * become visible in the order they were given, and a reader asking for `seq > n` never skips one.
 * The id is drawn under the same lock, so per video ids grow in seq order too, and so is the
 * video's next revision (the change feed, comment-feed.repository.ts), which the row records.
 * Keep the transaction short after calling it; it holds the video's row lock. Undefined when the
 * video does not exist.
 */
export function insertComment(db: Executor, comment: NewComment): Promise<CommentRow | undefined> {
	return db
		.with('next', (qb) =>
			qb
				.updateTable('videos')
				.set((eb) => ({ comment_seq: eb('comment_seq', '+', 1), comment_revision: eb('comment_revision', '+', 1) }))
				.where('id', '=', comment.videoId)
				.returning(['id', 'comment_seq', 'comment_revision'])
		)
		.insertInto('comments')
		.columns(['video_id', 'seq', 'revision', 'user_id', 'content', 'timestamp', 'end_timestamp', 'category', 'parent_comment_id', 'drawing'])
		.expression((eb) =>
			eb
				.selectFrom('next')
				.select([
					'next.id',
					'next.comment_seq',
					'next.comment_revision',
					// Typed casts: untyped parameters in an INSERT's SELECT would be read as text.
					eb.cast<number>(eb.val(comment.userId), 'integer').as('user_id'),
					eb.cast<string>(eb.val(comment.content), 'text').as('content'),
					eb.cast<number>(eb.val(comment.timestamp), 'double precision').as('timestamp'),
					eb.cast<number | null>(eb.val(comment.endTimestamp ?? null), 'double precision').as('end_timestamp'),
					eb.cast<CommentCategoryValue | null>(eb.val(comment.category ?? null), 'varchar').as('category'),
					eb.cast<number | null>(eb.val(comment.parentCommentId ?? null), 'integer').as('parent_comment_id'),
					eb.cast<string | null>(eb.val(drawingJson(comment.drawing)), 'jsonb').as('drawing')
				])
		)
		.returningAll()
		.executeTakeFirst();
}

/** Comments with their author's summary as one JSON column, so every read is one query. */
export function commentsWithAuthor(db: Executor) {
	return db
		.selectFrom('comments')
		.selectAll('comments')
		.select((eb) =>
			jsonObjectFrom(
				eb
					.selectFrom('users')
					.select(['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'])
					.whereRef('users.id', '=', 'comments.user_id')
			)
				.$notNull()
				.as('author')
		);
}

/** The comments with these ids that still exist, in the order of `ids`. */
export async function listCommentsByIds(db: Executor, ids: number[]): Promise<CommentWithAuthor[]> {
	if (ids.length === 0) return [];
	const rows = await commentsWithAuthor(db).where('comments.id', 'in', ids).execute();
	const order = new Map(ids.map((id, i) => [id, i]));
	return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Reads a comment and locks its row until the transaction ends: `share` keeps it from being
 * changed or deleted meanwhile (a reply copying its moment), `update` also from being shared.
 */
export function lockComment(db: Executor, id: number, mode: 'share' | 'update'): Promise<CommentRow | undefined> {
	const query = db.selectFrom('comments').selectAll().where('id', '=', id);
	return (mode === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
}

/** A video's comments numbered after `afterSeq`, oldest first: what a client that saw `afterSeq` missed. */
export function listCommentsAfter(
	db: Executor,
	videoId: number,
	options: { afterSeq: number; limit: number }
): Promise<CommentWithAuthor[]> {
	return commentsWithAuthor(db)
		.where('comments.video_id', '=', videoId)
		.where('comments.seq', '>', options.afterSeq)
		.orderBy('comments.seq')
		.limit(options.limit)
		.execute();
}

/** A video's comments by position in the video, then seq (idx_comments_video_id_timestamp). */
export function listCommentsByTime(db: Executor, videoId: number, limit: number): Promise<CommentWithAuthor[]> {
	return commentsWithAuthor(db)
		.where('comments.video_id', '=', videoId)
		.orderBy('comments.timestamp')
		.orderBy('comments.seq')
		.limit(limit)
		.execute();
}

/**
 * The seq a client holding comment `afterId` has seen on this video: that comment's own, or,
 * when it is not (or no longer) one of the video's comments, the greatest seq among the video's
 * comments with a smaller id. Per video, ids are drawn in seq order (see insertComment), so
 * every comment committed after `afterId` has a greater seq. 0 when there is none.
 */
export async function seqSeenAt(db: Executor, videoId: number, afterId: number): Promise<number> {
	const row = await db
		.selectNoFrom((eb) =>
			eb.fn
				.coalesce(
					eb.selectFrom('comments').select('comments.seq').where('comments.id', '=', afterId).where('comments.video_id', '=', videoId),
					eb
						.selectFrom('comments')
						.select((inner) => inner.fn.max('comments.seq').as('seq'))
						.where('comments.video_id', '=', videoId)
						.where('comments.id', '<', afterId),
					sql.lit(0)
				)
				.as('seq')
		)
		.executeTakeFirstOrThrow();
	return Number(row.seq);
}

export interface CommentChanges {
	content?: string;
	timestamp?: number;
	endTimestamp?: number | null;
	category?: CommentCategoryValue | null;
	/** null removes the drawing */
	drawing?: Drawing | null;
}

/** The video a comment is on (it never changes, so no lock is needed); undefined when it is gone. */
export async function findCommentVideoId(db: Executor, id: number): Promise<number | undefined> {
	const row = await db.selectFrom('comments').select('video_id').where('id', '=', id).executeTakeFirst();
	return row?.video_id;
}

/**
 * Applies an edit made at the video's `revision` and marks the comment changed now; undefined
 * when it is gone.
 */
export function updateComment(db: Executor, id: number, changes: CommentChanges, revision: number): Promise<CommentRow | undefined> {
	return db
		.updateTable('comments')
		.set({
			revision,
			...(changes.content !== undefined ? { content: changes.content } : {}),
			...(changes.timestamp !== undefined ? { timestamp: changes.timestamp } : {}),
			...(changes.endTimestamp !== undefined ? { end_timestamp: changes.endTimestamp } : {}),
			...(changes.category !== undefined ? { category: changes.category } : {}),
			...(changes.drawing !== undefined ? { drawing: drawingJson(changes.drawing) } : {}),
			updated_at: sql<Date>`now()`
		})
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirst();
}

/** The ids of a comment's replies, oldest first. */
export async function listReplyIds(db: Executor, parentId: number): Promise<number[]> {
	const rows = await db.selectFrom('comments').select('id').where('parent_comment_id', '=', parentId).orderBy('id').execute();
	return rows.map((r) => r.id);
}

/**
 * Gives a thread's replies the moment, passage and category of the comment they answer, without
 * marking them edited. Each reply records its own revision, `firstRevision` upwards in id order
 * (the caller took as many as `listReplyIds` counted, under the video's lock, so none came or
 * went meanwhile). Returns the ids of the replies, oldest first.
 */
export async function alignReplies(
	db: Executor,
	parentId: number,
	options: { pinned: { timestamp: number; endTimestamp: number | null; category: CommentCategoryValue | null }; firstRevision: number }
): Promise<number[]> {
	const { pinned, firstRevision } = options;
	const rows = await db
		.updateTable('comments')
		.from(
			db
				.selectFrom('comments as reply')
				.select(['reply.id', sql<number>`(row_number() over (order by reply.id))::integer`.as('n')])
				.where('reply.parent_comment_id', '=', parentId)
				.as('numbered')
		)
		.set({
			timestamp: pinned.timestamp,
			end_timestamp: pinned.endTimestamp,
			category: pinned.category,
			revision: sql<number>`${sql.lit(firstRevision - 1)} + numbered.n`
		})
		.whereRef('comments.id', '=', 'numbered.id')
		.returning('comments.id')
		.execute();
	return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** What a deletion took away: the comment, the replies that went with it, and where it was. */
export interface DeletedComment {
	videoId: number;
	parentCommentId: number | null;
	replyIds: number[];
}

/**
 * Deletes a comment, its replies going with it (ON DELETE CASCADE), and leaves a tombstone at the
 * video's `revision` for the change feed; undefined when it was already gone. Run it in a
 * transaction: the row lock taken first makes a reply being added at the same time wait (its
 * foreign key check needs the row), so the ids returned are every reply deleted.
 */
export async function deleteComment(db: Executor, id: number, revision: number): Promise<DeletedComment | undefined> {
	const locked = await db.selectFrom('comments').select(['id', 'video_id', 'parent_comment_id']).where('id', '=', id).forUpdate().executeTakeFirst();
	if (!locked) return undefined;
	const replyIds = await listReplyIds(db, id);
	await db.deleteFrom('comments').where('id', '=', id).execute();
	await db
		.insertInto('comment_tombstones')
		.values({
			comment_id: id,
			video_id: locked.video_id,
			revision,
			parent_comment_id: locked.parent_comment_id,
			// An array literal in one text parameter: both drivers send text, and the ids are integers.
			reply_ids: sql<number[]>`${`{${replyIds.join(',')}}`}::integer[]`
		})
		.execute();
	return { videoId: locked.video_id, parentCommentId: locked.parent_comment_id, replyIds };
}
