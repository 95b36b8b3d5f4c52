// Which saved drawings the review page lays over the video at a moment of playback.
import type { Drawing } from '$lib/review/drawing';
import type { Comment } from './comment-types';

/** How far from a moment's comment (seconds, either side) its drawing stays on the video. */
export const DRAWING_WINDOW = 0.5;

/** Whether playback at `time` has reached the comment: near its moment, or inside its passage. */
export function reaches(comment: Pick<Comment, 'timestamp' | 'endTimestamp'>, time: number): boolean {
	if (Math.abs(time - comment.timestamp) <= DRAWING_WINDOW) return true;
	return comment.endTimestamp !== null && time >= comment.timestamp && time <= comment.endTimestamp;
}

/** The comments with a drawing that playback at `time` has reached, in the order given. */
export function drawingsAt(comments: Comment[], time: number): (Comment & { drawing: Drawing })[] {
	return comments.filter((c): c is Comment & { drawing: Drawing } => c.drawing !== null && c.parentCommentId === null && reaches(c, time));
}
