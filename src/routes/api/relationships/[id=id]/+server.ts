import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { removeRelationship } from '$lib/server/relationships/relationships.service';
import type { RequestHandler } from './$types';

/** Either side ends it (status `removed`); the relationship comes back with that status. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ relationship: await removeRelationship(event.locals.ctx, user, Number(event.params.id)) });
});
