import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { listMyInvitations } from '$lib/server/review/review-sessions.service';
import type { RequestHandler } from './$types';

/** The live sessions the caller is invited to and may still join. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ sessions: await listMyInvitations(event.locals.ctx, user) });
});
