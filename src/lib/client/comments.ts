// The comment API from the browser: one function per call, each answering the comment or a
// message a person can read (DESIGN.md's error shape), never throwing at the caller.
import type { Drawing } from '$lib/review/drawing';
import type { Comment, CommentCategory, CommentPage } from './comment-types';

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

/** One page of a video's comments: by timestamp, or with `after` what was committed after that comment. */
export function fetchComments(videoId: number, after?: number): Promise<Result<CommentPage>> {
	return call<CommentPage>('GET', `/api/videos/${videoId}/comments${after === undefined ? '' : `?after=${after}`}`);
}

/**
 * Every comment committed after `after` (all of them when null), page by page while the API says
 * there is more. Each page starts after the newest comment of the one before (the API pages by
 * commit order even for the whole list), so nothing is skipped or repeated.
 */
export async function fetchCommentsAfter(videoId: number, after: number | null): Promise<Result<Comment[]>> {
	const found: Comment[] = [];
	let cursor = after ?? undefined;
	for (let pages = 0; pages < 1000; pages++) {
		const page = await fetchComments(videoId, cursor);
		if (!page.ok) return page;
		found.push(...page.value.comments);
		const last = page.value.comments.reduce<Comment | null>((newest, c) => (!newest || c.seq > newest.seq ? c : newest), null);
		if (!page.value.hasMore || !last) break;
		cursor = last.id;
	}
	return { ok: true, value: found };
}
