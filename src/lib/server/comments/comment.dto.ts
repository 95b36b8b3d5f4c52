import type { PersonSummary } from '../videos/video.dto';

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
}
