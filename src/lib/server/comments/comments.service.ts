import { rooms } from '../../realtime/events';
import { assertCanOnComment, assertCanOnVideo } from '../access';
import { consumePoint } from '../auth/rate-limits';
import type { AppContext } from '../context';
import type { Database } from '../db/database';
import type { SessionUser } from '../db/schema';
import { invalid, notFound } from '../errors';
import { pushNotification, type NotificationPush } from '../notifications/notifications.service';
import { findVideoWithOwner } from '../videos/videos.repository';
import { notifyOfComment } from './comment-notifications';
import { toComment, type Comment } from './comment.dto';
import {
	alignReplies,
	deleteComment as deleteCommentRow,
	insertComment,
	listCommentsAfter,
	listCommentsByTime,
	listCommentsByIds,
	lockComment,
	seqSeenAt,
	updateComment as updateCommentRow,
	type CommentRow
} from './comments.repository';
import type { CreateCommentInput, ListCommentsQuery, ReplyInput, UpdateCommentInput } from './comments.schemas';

// Every change commits first, then goes to the video's room (`comment:*`) and to the people
// notified; nothing is announced that a rollback could take back.

export interface CommentPage {
	/** By position in the video, then seq; with `?after=`, in seq order. */
	comments: Comment[];
	/** More comments follow: ask again with `?after=` the id of the comment with the greatest seq here. */
	hasMore: boolean;
}

const toSeconds = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Refuses a moment outside the video or a passage that does not end after it starts. `blame` is
 * the field a passage ending too early is reported on (the one the caller sent).
 */
function checkPlacement(
	duration: number | null,
	placement: { timestamp: number; endTimestamp: number | null },
	blame: 'timestamp' | 'endTimestamp' = 'endTimestamp'
): void {
	const end = duration === null ? Number.POSITIVE_INFINITY : toSeconds(duration);
	const within = duration === null ? '' : ` (0 to ${end} seconds)`;
	if (placement.timestamp > end) throw invalid('timestamp', `timestamp must be within the video${within}.`);
	if (placement.endTimestamp === null) return;
	if (placement.endTimestamp <= placement.timestamp) throw invalid(blame, 'A passage must end after it starts.');
	if (placement.endTimestamp > end) throw invalid('endTimestamp', `endTimestamp must be within the video${within}.`);
}

/** A comment or reply uses a point of the user's burst limit and of their per-minute limit. */
async function spendCommentPoint(ctx: AppContext, userId: number): Promise<void> {
	await consumePoint(ctx.rateLimits.commentBurstByUser, `user:${userId}`);
	await consumePoint(ctx.rateLimits.commentsPerMinuteByUser, `user:${userId}`);
}

function announce(ctx: AppContext, pushes: NotificationPush[]): void {
	for (const push of pushes) pushNotification((id, event, ...args) => ctx.realtime.toUser(id).emit(event, ...args), push);
}

async function videoFor(db: Database, videoId: number) {
	const video = await findVideoWithOwner(db, videoId);
	if (!video) throw notFound('Video');
	return video;
}

/** Pins a comment to a moment (or a passage) of a video the caller may view. */
export async function createComment(ctx: AppContext, caller: SessionUser, videoId: number, input: CreateCommentInput): Promise<Comment> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'comment');
	const video = await videoFor(ctx.db, videoId);
	const placement = { timestamp: input.timestamp, endTimestamp: input.endTimestamp ?? null };
	checkPlacement(video.duration, placement);
	await spendCommentPoint(ctx, caller.id);
	const { row, pushes } = await ctx.db.transaction().execute(async (trx) => {
		const row = await insertComment(trx, {
			videoId,
			userId: caller.id,
			content: input.content,
			...placement,
			category: input.category ?? null,
			drawing: input.drawing ?? null
		});
		if (!row) throw notFound('Video');
		const pushes = await notifyOfComment(trx, {
			commentId: row.id,
			authorId: caller.id,
			authorName: caller.full_name,
			videoId,
			videoTitle: video.title,
			videoOwnerId: video.user_id,
			timestamp: row.timestamp,
			content: row.content
		});
		return { row, pushes };
	});
	const comment = toComment({ ...row, author: caller });
	ctx.realtime.to(rooms.video(videoId)).emit('comment:created', { comment });
	announce(ctx, pushes);
	return comment;
}

/**
 * Answers a comment. A reply to a reply joins the same thread (replies are one level deep), and
 * takes the thread's moment, passage and category. The thread's first comment is locked while
 * they are copied, so an edit moving it, or its deletion, waits for the reply (and then covers it).
 */
export async function replyToComment(ctx: AppContext, caller: SessionUser, parentId: number, input: ReplyInput): Promise<Comment> {
	await assertCanOnComment(ctx.db, caller, parentId, 'reply');
	await spendCommentPoint(ctx, caller.id);
	const { row, pushes } = await ctx.db.transaction().execute(async (trx) => {
		const answered = await lockComment(trx, parentId, 'share');
		if (!answered) throw notFound('Comment');
		const thread = answered.parent_comment_id === null ? answered : await lockComment(trx, answered.parent_comment_id, 'share');
		if (!thread) throw notFound('Comment');
		const video = await videoFor(trx, thread.video_id);
		const row = await insertComment(trx, {
			videoId: thread.video_id,
			userId: caller.id,
			content: input.content,
			timestamp: thread.timestamp,
			endTimestamp: thread.end_timestamp,
			category: thread.category,
			parentCommentId: thread.id
		});
		if (!row) throw notFound('Comment');
		const pushes = await notifyOfComment(trx, {
			commentId: row.id,
			authorId: caller.id,
			authorName: caller.full_name,
			videoId: video.id,
			videoTitle: video.title,
			videoOwnerId: video.user_id,
			timestamp: row.timestamp,
			content: row.content,
			repliedToId: answered.user_id
		});
		return { row, pushes };
	});
	const comment = toComment({ ...row, author: caller });
	ctx.realtime.to(rooms.video(row.video_id)).emit('comment:created', { comment });
	announce(ctx, pushes);
	return comment;
}

/**
 * The video's comments: all of them by position in the video (up to a page), or with `after`
 * exactly those committed after that comment, in seq order.
 */
export async function listComments(ctx: AppContext, caller: SessionUser, videoId: number, query: ListCommentsQuery): Promise<CommentPage> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	if (query.after !== undefined) {
		const afterSeq = await seqSeenAt(ctx.db, videoId, query.after);
		const rows = await listCommentsAfter(ctx.db, videoId, { afterSeq, limit: query.limit + 1 });
		return { comments: rows.slice(0, query.limit).map(toComment), hasMore: rows.length > query.limit };
	}
	const byTime = await listCommentsByTime(ctx.db, videoId, query.limit + 1);
	if (byTime.length <= query.limit) return { comments: byTime.map(toComment), hasMore: false };
	// More than a page: the first `limit` by seq, so that `?after=` the newest of them continues
	// with no gap, sorted by time like a whole list.
	const first = await listCommentsAfter(ctx.db, videoId, { afterSeq: 0, limit: query.limit });
	first.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
	return { comments: first.map(toComment), hasMore: true };
}

const PINNED = ['timestamp', 'endTimestamp', 'category'] as const;

/**
 * The author edits the text, the moment, the passage, the category or the drawing. A reply keeps its thread's
 * moment; moving a thread's first comment moves its replies with it (they are announced too).
 */
export async function updateComment(ctx: AppContext, caller: SessionUser, commentId: number, input: UpdateCommentInput): Promise<Comment> {
	await assertCanOnComment(ctx.db, caller, commentId, 'edit');
	const repins = PINNED.some((field) => input[field] !== undefined);
	const { replyIds } = await ctx.db.transaction().execute(async (trx) => {
		const current = await lockComment(trx, commentId, 'update');
		if (!current) throw notFound('Comment');
		if (input.drawing && current.parent_comment_id !== null) throw invalid('drawing', 'A reply cannot carry a drawing; draw on the comment it answers.');
		if (repins && current.parent_comment_id !== null) {
			const field = PINNED.find((f) => input[f] !== undefined)!;
			throw invalid(field, 'A reply keeps the moment and category of the comment it answers.');
		}
		if (input.timestamp !== undefined || input.endTimestamp !== undefined) {
			const video = await videoFor(trx, current.video_id);
			const placement = {
				timestamp: input.timestamp ?? current.timestamp,
				endTimestamp: input.endTimestamp !== undefined ? input.endTimestamp : current.end_timestamp
			};
			checkPlacement(video.duration, placement, input.endTimestamp !== undefined ? 'endTimestamp' : 'timestamp');
		}
		const row = await updateCommentRow(trx, commentId, input);
		if (!row) throw notFound('Comment');
		return { replyIds: repins ? await alignReplies(trx, commentId, pinnedOf(row)) : [] };
	});
	const [comment, ...replies] = await listCommentsByIds(ctx.db, [commentId, ...replyIds]);
	if (!comment) throw notFound('Comment');
	const room = ctx.realtime.to(rooms.video(comment.video_id));
	const updated = toComment(comment);
	room.emit('comment:updated', { comment: updated });
	for (const reply of replies) room.emit('comment:updated', { comment: toComment(reply) });
	return updated;
}

const pinnedOf = (row: CommentRow) => ({ timestamp: row.timestamp, endTimestamp: row.end_timestamp, category: row.category });

/** The author or the video's owner deletes a comment; its replies go with it. */
export async function deleteComment(ctx: AppContext, caller: SessionUser, commentId: number): Promise<void> {
	await assertCanOnComment(ctx.db, caller, commentId, 'delete');
	const deleted = await ctx.db.transaction().execute((trx) => deleteCommentRow(trx, commentId));
	if (!deleted) throw notFound('Comment');
	ctx.realtime.to(rooms.video(deleted.videoId)).emit('comment:deleted', { id: commentId, ...deleted });
}

