import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { personSearchSchema } from '$lib/server/videos/videos.schemas';
import { searchPeopleToShareWith } from '$lib/server/videos/sharing.service';
import type { RequestHandler } from './$types';

/** Verified, active people by part of their name or username, for the share dialog (at most 10). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const { q } = parseInput(personSearchSchema, Object.fromEntries(event.url.searchParams));
	return Response.json({ users: await searchPeopleToShareWith(event.locals.ctx, user, q) });
});
