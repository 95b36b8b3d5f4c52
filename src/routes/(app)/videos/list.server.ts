// The load of both lists (mine, shared with me): one page of the API's cursor pagination.
import type { ServerLoadEvent } from '@sveltejs/kit';
import type { VideoPage } from '$lib/client/video-types';
import { signedInUser } from '../../forms.server';
import { api } from './api.server';

export const PAGE_SIZE = 12;

export async function loadVideoList(event: ServerLoadEvent, endpoint: '/api/videos' | '/api/videos/shared', title: string) {
	const user = signedInUser(event);
	const cursor = event.url.searchParams.get('cursor') || null;
	const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
	if (cursor) query.set('cursor', cursor);
	const result = await api<VideoPage>(event.fetch, `${endpoint}?${query}`);
	const base = { title, cursor, userId: user.id };
	if (!result.ok) return { ...base, videos: [], nextCursor: null, error: result.message };
	return { ...base, videos: result.data.videos, nextCursor: result.data.nextCursor, error: null };
}
