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
import { toComment, toTombstone, type Comment } from './comment.dto';
import { lockCommentFeed, takeRevisions } from './comment-feed.repository';
import {
	alignReplies,
	deleteComment as deleteCommentRow,
	findCommentVideoId,
	insertComment,
	listCommentsByIds,
	listReplyIds,
	lockComment,
	updateComment as updateCommentRow,
	type CommentRow
} from './comments.repository';
import type { CreateCommentInput, ReplyInput, UpdateCommentInput } from './comments.schemas';

// Every change commits first, then goes to the video's room (`comment:*`) and to the people
// notified; nothing is announced that a rollback could take back. Every change takes the video's
// next revision (comment-feed.repository.ts) and its event carries it. A writer locks the video's
// row before any comment row, so writers of one video queue in one order.

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
	const videoId = await commentVideoId(ctx.db, parentId);
	await spendCommentPoint(ctx, caller.id);
	const { row, pushes } = await ctx.db.transaction().execute(async (trx) => {
		if ((await lockCommentFeed(trx, videoId)) === undefined) throw notFound('Comment');
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

const PINNED = ['timestamp', 'endTimestamp', 'category'] as const;

/**
 * The author edits the text, the moment, the passage, the category or the drawing. A reply keeps its thread's
 * moment; moving a thread's first comment moves its replies with it (they are announced too).
 */
export async function updateComment(ctx: AppContext, caller: SessionUser, commentId: number, input: UpdateCommentInput): Promise<Comment> {
	await assertCanOnComment(ctx.db, caller, commentId, 'edit');
	const videoId = await commentVideoId(ctx.db, commentId);
	const repins = PINNED.some((field) => input[field] !== undefined);
	const changed = await ctx.db.transaction().execute(async (trx) => {
		const revision = await takeRevisions(trx, videoId, 1);
		const current = revision === undefined ? undefined : await lockComment(trx, commentId, 'update');
		if (revision === undefined || !current) throw notFound('Comment');
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
		const row = await updateCommentRow(trx, commentId, input, revision);
		if (!row) throw notFound('Comment');
		const replyIds = repins ? await realignReplies(trx, row) : [];
		// Read in the transaction: the events tell exactly this change, at its revisions.
		return listCommentsByIds(trx, [commentId, ...replyIds]);
	});
	const [comment, ...replies] = changed;
	if (!comment) throw notFound('Comment');
	const room = ctx.realtime.to(rooms.video(videoId));
	const updated = toComment(comment);
	room.emit('comment:updated', { comment: updated });
	for (const reply of replies) room.emit('comment:updated', { comment: toComment(reply) });
	return updated;
}

/** Moves a thread's replies to its first comment's moment, each at a revision of its own. */
async function realignReplies(trx: Database, row: CommentRow): Promise<number[]> {
	const count = (await listReplyIds(trx, row.id)).length;
	if (count === 0) return [];
	const last = await takeRevisions(trx, row.video_id, count);
	if (last === undefined) throw notFound('Comment');
	const pinned = { timestamp: row.timestamp, endTimestamp: row.end_timestamp, category: row.category };
	return alignReplies(trx, row.id, { pinned, firstRevision: last - count + 1 });
}

/** The video a comment is on; 404 when the comment is gone. */
async function commentVideoId(db: Database, commentId: number): Promise<number> {
	const videoId = await findCommentVideoId(db, commentId);
	if (videoId === undefined) throw notFound('Comment');
	return videoId;
}

/** The author or the video's owner deletes a comment; its replies go with it, and a tombstone stays for the change feed. */
export async function deleteComment(ctx: AppContext, caller: SessionUser, commentId: number): Promise<void> {
	await assertCanOnComment(ctx.db, caller, commentId, 'delete');
	const videoId = await commentVideoId(ctx.db, commentId);
	const tombstone = await ctx.db.transaction().execute(async (trx) => {
		const revision = await takeRevisions(trx, videoId, 1);
		const deleted = revision === undefined ? undefined : await deleteCommentRow(trx, commentId, revision);
		if (revision === undefined || !deleted) throw notFound('Comment');
		return toTombstone({
			comment_id: commentId,
			video_id: deleted.videoId,
			revision,
			parent_comment_id: deleted.parentCommentId,
			reply_ids: deleted.replyIds
		});
	});
	ctx.realtime.to(rooms.video(videoId)).emit('comment:deleted', tombstone);
}
