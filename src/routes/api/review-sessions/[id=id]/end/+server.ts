import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { endReviewSession } from '$lib/server/review/review-sessions.service';
import type { RequestHandler } from './$types';

/** Ends the session (its host). */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ session: await endReviewSession(event.locals.ctx, user, Number(event.params.id)) });
});
