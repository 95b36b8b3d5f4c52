import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { pageSchema } from '$lib/server/videos/videos.schemas';
import { listVideosSharedWithMe } from '$lib/server/videos/videos.service';
import type { RequestHandler } from './$types';

/** Videos shared with the caller, newest share first. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const page = parseInput(pageSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listVideosSharedWithMe(event.locals.ctx, user, page));
});
