import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { listInvitablePeople } from '$lib/server/review/review-records.service';
import type { RequestHandler } from './$types';

/** `{people}`: whom the caller can invite to a live review of the video (anyone who may view it). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ people: await listInvitablePeople(event.locals.ctx, user, Number(event.params.id)) });
});
