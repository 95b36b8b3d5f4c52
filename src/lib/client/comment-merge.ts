// The pure part of the live comment list: merging what the API and the socket deliver, in any
// order and with repeats, into one list that never shows a comment twice, never brings a deleted
// one back, and never lets an older copy of a comment replace a newer one (by revision). It also
// tracks how far the list is known to be complete, for the change feed (`?since=`). Unit-tested.
import { isTombstone, type Comment, type CommentChange, type CommentChangePage, type CommentPage } from './comment-types';
import { hasGap, notePage, noteLive, type FeedCursor } from './revision-feed';

/** The comments held, and how far the video's change feed is applied (FeedCursor). */
export interface CommentSet extends FeedCursor {
	/** Every comment held, top-level and replies, by timestamp (then commit order). */
	comments: Comment[];
	/** Ids deleted while this page was open: a late fetch must not bring them back. */
	deleted: ReadonlySet<number>;
}

export const emptySet = (revision = 0): CommentSet => ({ comments: [], deleted: new Set(), revision, ahead: new Set() });

/**
 * The set a page of the list starts with. A partial page (`hasMore`) holds the oldest comments by
 * commit order, not every change up to its revision, so then the change feed starts from 0.
 */
export function fromPage(page: CommentPage): CommentSet {
	return upsert(emptySet(page.hasMore ? 0 : page.revision), page.comments);
}

const byPosition = (a: Comment, b: Comment) => a.timestamp - b.timestamp || a.seq - b.seq;

/** The set with `changes` applied: comments added or refreshed, tombstones removing theirs. */
export function apply(set: CommentSet, changes: readonly CommentChange[]): CommentSet {
	let next = set;
	for (const change of changes) next = isTombstone(change) ? remove(next, [change.id, ...change.replyIds]) : upsert(next, [change]);
	return next;
}

/**
 * The set with `incoming` added, or refreshing a held copy of a lower revision; an unchanged set
 * is returned as it was.
 */
export function upsert(set: CommentSet, incoming: readonly Comment[]): CommentSet {
	const byId = new Map(set.comments.map((c) => [c.id, c]));
	let changed = false;
	for (const comment of incoming) {
		if (set.deleted.has(comment.id) || (comment.parentCommentId !== null && set.deleted.has(comment.parentCommentId))) continue;
		const held = byId.get(comment.id);
		if (held && held.revision >= comment.revision) continue;
		byId.set(comment.id, comment);
		changed = true;
	}
	if (!changed) return set;
	return { ...set, comments: [...byId.values()].sort(byPosition) };
}

/** The set without these comments (a deleted comment and the replies that went with it). */
export function remove(set: CommentSet, ids: readonly number[]): CommentSet {
	if (ids.every((id) => set.deleted.has(id)) && !set.comments.some((c) => ids.includes(c.id))) return set;
	const gone = new Set([...set.deleted, ...ids]);
	// A reply the event did not list (it arrived after the delete was sent) goes with its parent too.
	const comments = set.comments.filter((c) => !gone.has(c.id) && !(c.parentCommentId !== null && gone.has(c.parentCommentId)));
	return { ...set, comments, deleted: gone };
}

/**
 * A change heard live (or answered to our own request): applied, and its revision noted (held as
 * ahead of a gap when one before it has not arrived; see revision-feed.ts).
 */
export function applyLive(set: CommentSet, change: CommentChange): CommentSet {
	return noteLive(apply(set, [change]), change.revision);
}

/** A page of the change feed: applied, and the revision moved past it. */
export function applyPage(set: CommentSet, page: CommentChangePage): CommentSet {
	return notePage(apply(set, page.comments), { lastRevision: page.comments.at(-1)?.revision, hasMore: page.hasMore, revision: page.revision });
}

export { hasGap };

export interface Thread {
	comment: Comment;
	/** Oldest first. */
	replies: Comment[];
}

/** Top-level comments by timestamp, each with its replies in commit order. */
export function threads(comments: readonly Comment[]): Thread[] {
	const replies = new Map<number, Comment[]>();
	for (const c of comments) {
		if (c.parentCommentId === null) continue;
		const list = replies.get(c.parentCommentId) ?? [];
		list.push(c);
		replies.set(c.parentCommentId, list);
	}
	return comments
		.filter((c) => c.parentCommentId === null)
		.map((comment) => ({ comment, replies: (replies.get(comment.id) ?? []).sort((a, b) => a.seq - b.seq) }));
}

/**
 * The comment playback is at: a passage that contains `time` (the one that started last), else
 * the last moment passed within `window` seconds. Null between comments.
 */
export function currentComment(topLevel: readonly Comment[], time: number, window = 3): Comment | null {
	let found: Comment | null = null;
	for (const c of topLevel) {
		if (c.timestamp > time + 0.05) break;
		const end = c.endTimestamp ?? c.timestamp + window;
		if (time <= end) found = c;
	}
	return found;
}
