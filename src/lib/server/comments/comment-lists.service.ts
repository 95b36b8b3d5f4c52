import { assertCanOnVideo } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { toComment, toTombstone, type Comment, type CommentChange } from './comment.dto';
import { currentRevision, listChangesSince } from './comment-feed.repository';
import { listCommentsAfter, listCommentsByTime, seqSeenAt } from './comments.repository';
import type { ListCommentsQuery } from './comments.schemas';

// Reading a video's comments: the list (by time, or `?after=` a comment in seq order) and the
// change feed (`?since=` a revision), both behind the access check of the video itself.

export interface CommentPage {
	/** By position in the video, then seq; with `?after=`, in seq order. */
	comments: Comment[];
	/** More comments follow: ask again with `?after=` the id of the comment with the greatest seq here. */
	hasMore: boolean;
	/**
	 * The video's revision, read before the comments: every change up to it is in this answer
	 * (when `hasMore` is false), so `?since=` it catches up on what came after.
	 */
	revision: number;
}

/** `?since=`: what changed after a revision, in revision order. */
export interface CommentChangePage {
	/** Comments as they are now and tombstones of deleted ones, by revision. */
	comments: CommentChange[];
	/** More changes follow: ask again with `?since=` the revision of the last entry here. */
	hasMore: boolean;
	/** The revision this answer goes up to: with `hasMore` false, the client holds every change to it. */
	revision: number;
}

/**
 * The video's comments: all of them by position in the video (up to a page), or with `after`
 * exactly those committed after that comment, in seq order.
 */
export async function listComments(ctx: AppContext, caller: SessionUser, videoId: number, query: Omit<ListCommentsQuery, 'since'>): Promise<CommentPage> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const revision = await currentRevision(ctx.db, videoId);
	if (query.after !== undefined) {
		const afterSeq = await seqSeenAt(ctx.db, videoId, query.after);
		const rows = await listCommentsAfter(ctx.db, videoId, { afterSeq, limit: query.limit + 1 });
		return { comments: rows.slice(0, query.limit).map(toComment), hasMore: rows.length > query.limit, revision };
	}
	const byTime = await listCommentsByTime(ctx.db, videoId, query.limit + 1);
	if (byTime.length <= query.limit) return { comments: byTime.map(toComment), hasMore: false, revision };
	// More than a page: the first `limit` by seq, so that `?after=` the newest of them continues
	// with no gap, sorted by time like a whole list.
	const first = await listCommentsAfter(ctx.db, videoId, { afterSeq: 0, limit: query.limit });
	first.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
	return { comments: first.map(toComment), hasMore: true, revision };
}

/**
 * The change feed: every comment whose last change came after revision `since` (as it is now),
 * and a tombstone for every one deleted since, in revision order. A client that was away asks it
 * to catch up on edits and deletions as well as new comments.
 */
export async function listCommentChanges(
	ctx: AppContext,
	caller: SessionUser,
	videoId: number,
	query: { since: number; limit: number }
): Promise<CommentChangePage> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const revision = await currentRevision(ctx.db, videoId);
	const rows = await listChangesSince(ctx.db, videoId, { since: query.since, upTo: revision, limit: query.limit + 1 });
	const comments = rows.slice(0, query.limit).map((change) => (change.kind === 'comment' ? toComment(change.row) : toTombstone(change.row)));
	return { comments, hasMore: rows.length > query.limit, revision };
}
