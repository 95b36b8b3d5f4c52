import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema';
import type { CommentsTable } from '../db/schema.content';

type Executor = Kysely<DB>;

export type CommentRow = Selectable<CommentsTable>;

export interface NewComment {
	videoId: number;
	userId: number;
	content: string;
	/** position in the video, seconds (fractions kept) */
	timestamp: number;
	category?: string | null;
	parentCommentId?: number | null;
}

/**
 * Inserts a comment numbered with its video's next sequence number, in one statement. The UPDATE
 * of `videos.comment_seq` locks the video row until the caller's transaction ends, so a second
 * comment on the same video waits for this one to commit before it takes the next number: numbers
 * become visible in the order they were given, and a reader asking for `seq > n` never skips one.
 * Keep the transaction short after calling it; it holds the video's row lock. Undefined when the
 * video does not exist.
 */
export function insertComment(db: Executor, comment: NewComment): Promise<CommentRow | undefined> {
	return db
		.with('next', (qb) =>
			qb
				.updateTable('videos')
				.set((eb) => ({ comment_seq: eb('comment_seq', '+', 1) }))
				.where('id', '=', comment.videoId)
				.returning(['id', 'comment_seq'])
		)
		.insertInto('comments')
		.columns(['video_id', 'seq', 'user_id', 'content', 'timestamp', 'category', 'parent_comment_id'])
		.expression((eb) =>
			eb
				.selectFrom('next')
				.select([
					'next.id',
					'next.comment_seq',
					// Typed casts: untyped parameters in an INSERT's SELECT would be read as text.
					eb.cast<number>(eb.val(comment.userId), 'integer').as('user_id'),
					eb.cast<string>(eb.val(comment.content), 'text').as('content'),
					eb.cast<number>(eb.val(comment.timestamp), 'double precision').as('timestamp'),
					eb.cast<string | null>(eb.val(comment.category ?? null), 'varchar').as('category'),
					eb.cast<number | null>(eb.val(comment.parentCommentId ?? null), 'integer').as('parent_comment_id')
				])
		)
		.returningAll()
		.executeTakeFirst();
}

/** A video's comments numbered after `afterSeq`, oldest first: what a client that saw `afterSeq` missed. */
export function listCommentsAfter(
	db: Executor,
	videoId: number,
	options: { afterSeq: number; limit: number }
): Promise<CommentRow[]> {
	return db
		.selectFrom('comments')
		.selectAll()
		.where('video_id', '=', videoId)
		.where('seq', '>', options.afterSeq)
		.orderBy('seq')
		.limit(options.limit)
		.execute();
}
