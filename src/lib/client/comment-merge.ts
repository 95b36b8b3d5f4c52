// The pure part of the live comment list: merging what the API and the socket deliver, in any
// order and with repeats, into one list that never shows a comment twice, never brings a deleted
// one back, and never lets an older copy of a comment replace a newer one. Unit-tested.
import type { Comment } from './comment-types';

export interface CommentSet {
	/** Every comment held, top-level and replies, by timestamp (then commit order). */
	comments: Comment[];
	/** Ids deleted while this page was open: a late fetch must not bring them back. */
	deleted: ReadonlySet<number>;
	/** The comment with the highest `seq` ever held (even if deleted since): `?after=` starts there. */
	cursor: { id: number; seq: number } | null;
}

export const emptySet = (): CommentSet => ({ comments: [], deleted: new Set(), cursor: null });

const byPosition = (a: Comment, b: Comment) => a.timestamp - b.timestamp || a.seq - b.seq;

function newer(incoming: Comment, held: Comment): boolean {
	return Date.parse(incoming.updatedAt) > Date.parse(held.updatedAt);
}

/** The set with `incoming` added or refreshed; an unchanged set is returned as it was. */
export function upsert(set: CommentSet, incoming: readonly Comment[]): CommentSet {
	const byId = new Map(set.comments.map((c) => [c.id, c]));
	let cursor = set.cursor;
	let changed = false;
	for (const comment of incoming) {
		if (!cursor || comment.seq > cursor.seq) cursor = { id: comment.id, seq: comment.seq };
		if (set.deleted.has(comment.id) || (comment.parentCommentId !== null && set.deleted.has(comment.parentCommentId))) continue;
		const held = byId.get(comment.id);
		if (held && !newer(comment, held)) continue;
		byId.set(comment.id, comment);
		changed = true;
	}
	if (!changed) return cursor === set.cursor ? set : { ...set, cursor };
	return { comments: [...byId.values()].sort(byPosition), deleted: set.deleted, cursor };
}

/** The set without these comments (a deleted comment and the replies that went with it). */
export function remove(set: CommentSet, ids: readonly number[]): CommentSet {
	const gone = new Set([...set.deleted, ...ids]);
	// A reply the event did not list (it arrived after the delete was sent) goes with its parent too.
	const comments = set.comments.filter((c) => !gone.has(c.id) && !(c.parentCommentId !== null && gone.has(c.parentCommentId)));
	return { comments, deleted: gone, cursor: set.cursor };
}

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
