// The comment API's JSON as the review page reads it: the server's DTO types (a type-only import,
// erased from the browser bundle), so client and server cannot drift apart.
import type { Comment, CommentCategory, CommentChange, CommentTombstone } from '$lib/server/comments/comment.dto';

export type { Comment, CommentCategory, CommentChange, CommentTombstone } from '$lib/server/comments/comment.dto';

/**
 * The categories in the order the page offers them. A copy (a browser module may not import a
 * value from `$lib/server`); the type below fails to compile if it misses one or adds one.
 */
export const CATEGORIES = ['technique', 'musicality', 'rhythm', 'intonation', 'tone', 'posture', 'general'] as const satisfies readonly CommentCategory[];
type Missing = Exclude<CommentCategory, (typeof CATEGORIES)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

export const CATEGORY_LABELS: Record<CommentCategory, string> = {
	technique: 'Technique',
	musicality: 'Musicality',
	rhythm: 'Rhythm',
	intonation: 'Intonation',
	tone: 'Tone',
	posture: 'Posture',
	general: 'General'
};

/** The list's and the change feed's pages, as the server answers them. */
export type { CommentChangePage, CommentPage } from '$lib/server/comments/comment-lists.service';

export const isTombstone = (change: CommentChange): change is CommentTombstone => 'deleted' in change;

/** Why this page stopped receiving a video's comments (`video:left`). */
export type AccessEnded = 'access_lost' | 'deleted';
