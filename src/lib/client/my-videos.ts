// The sender's own videos, for attaching one to a message: `GET /api/videos` (newest first, a page
// at a time) and `GET /api/videos/{id}` to check a draft's video on reopening.
import { apiProblem } from './api-error';
import type { Video, VideoPage } from './video-types';

/** Videos per page of the picker. */
export const PICKER_PAGE_SIZE = 12;

const OFFLINE = 'You seem to be offline. Try again.';

export type MyVideosResult = { ok: true; page: VideoPage } | { ok: false; message: string };

/** One page of the caller's videos; `cursor` is the previous page's nextCursor. */
export async function fetchMyVideos(cursor: string | null): Promise<MyVideosResult> {
	const query = new URLSearchParams({ limit: String(PICKER_PAGE_SIZE) });
	if (cursor) query.set('cursor', cursor);
	const response = await fetch(`/api/videos?${query}`, { headers: { accept: 'application/json' } }).catch(() => undefined);
	if (!response) return { ok: false, message: OFFLINE };
	if (!response.ok) return { ok: false, message: (await apiProblem(response)).message };
	return { ok: true, page: (await response.json()) as VideoPage };
}

export type VideoCheck = { ok: true; video: Video } | { ok: false; gone: boolean };

/** The video as it is now; `gone` when it was deleted or is not the caller's to send any more. */
export async function checkVideo(videoId: number): Promise<VideoCheck> {
	const response = await fetch(`/api/videos/${videoId}`, { headers: { accept: 'application/json' } }).catch(() => undefined);
	if (!response?.ok) return { ok: false, gone: response?.status === 404 || response?.status === 403 };
	const { video } = (await response.json()) as { video: Video };
	// Only the owner may send it (the service's canShareVideo).
	return video.canManage ? { ok: true, video } : { ok: false, gone: true };
}
