import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { acceptRelationship } from '$lib/server/relationships/relationships.service';
import type { RequestHandler } from './$types';

/** Only the side that was asked may accept a pending request. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ relationship: await acceptRelationship(event.locals.ctx, user, Number(event.params.id)) });
});
