// Loading one video for its pages: a missing (or hidden) video is a 404 page, any other failure
// an honest error page rather than a crash.
import { error, type ServerLoadEvent } from '@sveltejs/kit';
import type { Video } from '$lib/client/video-types';
import { api } from '../api.server';

export async function loadVideo(event: ServerLoadEvent<{ id: string }>): Promise<Video> {
	const result = await api<{ video: Video }>(event.fetch, `/api/videos/${event.params.id}`);
	if (result.ok) return result.data.video;
	if (result.status === 404 || result.status === 403) error(404, 'We couldn’t find that video. It may have been deleted, or not shared with you.');
	error(result.status >= 500 ? 502 : result.status, result.message);
}
