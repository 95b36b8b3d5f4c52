// The comment API from the browser: one function per call, each answering the comment or a
// message a person can read (DESIGN.md's error shape), never throwing at the caller.
import type { Drawing } from '$lib/review/drawing';
import type { Comment, CommentCategory, CommentChangePage } from './comment-types';
import { readFeed } from './revision-feed';

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; message: string; field: string | null };

const FALLBACK = 'The comment service did not answer. Check your connection and try again.';

async function call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return { ok: false, status: 0, message: FALLBACK, field: null };
	}
	if (response.status === 204) return { ok: true, value: undefined as T };
	const parsed: unknown = await response.json().catch(() => null);
	if (response.ok && parsed !== null) return { ok: true, value: parsed as T };
	const error = (parsed as { error?: { message?: unknown; field?: unknown } } | null)?.error;
	const message =
		typeof error?.message === 'string' ? error.message : response.status === 429 ? 'You are commenting very fast. Wait a moment and try again.' : FALLBACK;
	return { ok: false, status: response.status, message, field: typeof error?.field === 'string' ? error.field : null };
}

export interface NewComment {
	content: string;
	timestamp: number;
	endTimestamp?: number | null;
	category?: CommentCategory | null;
	/** null removes it (on an edit) */
	drawing?: Drawing | null;
}

export type CommentChanges = Partial<NewComment>;

const unwrap = <T>(result: Result<{ comment: T }>): Result<T> => (result.ok ? { ok: true, value: result.value.comment } : result);

export async function postComment(videoId: number, comment: NewComment): Promise<Result<Comment>> {
	return unwrap(await call<{ comment: Comment }>('POST', `/api/videos/${videoId}/comments`, comment));
}

export async function postReply(parentId: number, content: string): Promise<Result<Comment>> {
	return unwrap(await call<{ comment: Comment }>('POST', `/api/comments/${parentId}/replies`, { content }));
}

export async function updateComment(id: number, changes: CommentChanges): Promise<Result<Comment>> {
	return unwrap(await call<{ comment: Comment }>('PUT', `/api/comments/${id}`, changes));
}

export function deleteComment(id: number): Promise<Result<void>> {
	return call<void>('DELETE', `/api/comments/${id}`);
}

/** One page of the change feed: what changed on the video after revision `since`, by revision. */
export function fetchChanges(videoId: number, since: number): Promise<Result<CommentChangePage>> {
	return call<CommentChangePage>('GET', `/api/videos/${videoId}/comments?since=${since}`);
}

/**
 * Reads a video's change feed from `since` to its end, page by page (readFeed: each next page
 * from the last one's end, not from what arrived live meanwhile). The failure, if a page failed.
 */
export async function pageChangesSince(
	since: number,
	fetchPage: (since: number) => Promise<Result<CommentChangePage>>,
	onPage: (page: CommentChangePage) => void
): Promise<Result<void>> {
	let failure: Extract<Result<void>, { ok: false }> | null = null;
	await readFeed({
		since,
		fetchPage: async (from) => {
			const page = await fetchPage(from);
			if (page.ok) return page.value;
			failure = page;
			return undefined;
		},
		onPage,
		lastRevision: (page) => page.comments.at(-1)?.revision
	});
	return failure ?? { ok: true, value: undefined };
}
