import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { getReviewSession } from '$lib/server/review/review-sessions.service';
import type { RequestHandler } from './$types';

/** One session, with its live playback state while it runs (host and invitees). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ session: await getReviewSession(event.locals.ctx, user, Number(event.params.id)) });
});
