import type { Drawing } from '../../review/drawing';
import { toPersonSummary, type PersonColumns, type PersonSummary } from '../videos/video.dto';

// The JSON shape of a timestamped comment, shared by the API, the `comment:*` events and the
// review page. Broadcast to a whole video room, so it carries nothing that depends on who reads
// it: the page works out "may I edit / delete" from `author.id` and the video's `canManage`.

/** What a comment is about; the review page colours markers by it. */
export const COMMENT_CATEGORIES = ['technique', 'musicality', 'rhythm', 'intonation', 'tone', 'posture', 'general'] as const;
export type CommentCategory = (typeof COMMENT_CATEGORIES)[number];

export interface Comment {
	id: number;
	videoId: number;
	/** 1, 2, 3, ... per video in commit order; a client resyncs with `?after=<id>` of the last it holds. */
	seq: number;
	/**
	 * The video's revision at this comment's last change (created, edited, moved with its thread):
	 * a copy with a higher revision is newer. A client catches up with `?since=<revision>`.
	 */
	revision: number;
	author: PersonSummary;
	/** Plain text; always rendered escaped. */
	content: string;
	/** Position in the video, seconds, kept to the millisecond. */
	timestamp: number;
	/** End of the passage the comment covers (seconds, > timestamp), or null for a moment. */
	endTimestamp: number | null;
	category: CommentCategory | null;
	/** Set on a reply: the comment it answers (replies are one level deep). */
	parentCommentId: number | null;
	createdAt: string;
	updatedAt: string;
	/** The content was changed after it was posted. */
	edited: boolean;
	/** Strokes drawn on the frame, shown over the video when playback reaches the comment; never on a reply. */
	drawing: Drawing | null;
}

/** The columns a Comment is made of: the row and its author's summary. */
export interface CommentSource {
	id: number;
	video_id: number;
	seq: number;
	revision: number;
	user_id: number;
	content: string;
	timestamp: number;
	end_timestamp: number | null;
	category: CommentCategory | null;
	parent_comment_id: number | null;
	created_at: Date;
	updated_at: Date;
	drawing: Drawing | null;
	author: PersonColumns;
}

export function toComment(row: CommentSource): Comment {
	return {
		id: row.id,
		videoId: row.video_id,
		seq: row.seq,
		revision: row.revision,
		author: toPersonSummary(row.author),
		content: row.content,
		timestamp: row.timestamp,
		endTimestamp: row.end_timestamp,
		category: row.category,
		parentCommentId: row.parent_comment_id,
		createdAt: row.created_at.toISOString(),
		updatedAt: row.updated_at.toISOString(),
		edited: row.updated_at.getTime() > row.created_at.getTime(),
		drawing: row.drawing
	};
}

/**
 * A deleted comment, as the change feed (`?since=`) and `comment:deleted` tell it: its replies
 * went with it. Ids are never reused, so a client drops these for good.
 */
export interface CommentTombstone {
	id: number;
	videoId: number;
	deleted: true;
	/** The video's revision given to the deletion. */
	revision: number;
	/** Set when the deleted comment was a reply. */
	parentCommentId: number | null;
	/** The replies deleted with it. */
	replyIds: number[];
}

/** The columns a tombstone is made of. */
export interface TombstoneSource {
	comment_id: number;
	video_id: number;
	revision: number;
	parent_comment_id: number | null;
	reply_ids: number[];
}

export function toTombstone(row: TombstoneSource): CommentTombstone {
	return {
		id: row.comment_id,
		videoId: row.video_id,
		deleted: true,
		revision: row.revision,
		parentCommentId: row.parent_comment_id,
		replyIds: row.reply_ids
	};
}

/** One entry of the change feed: a comment as it is now, or a deleted one. */
export type CommentChange = Comment | CommentTombstone;
