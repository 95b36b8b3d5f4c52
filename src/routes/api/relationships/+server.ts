import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { relationshipListSchema } from '$lib/server/relationships/relationships.schemas';
import { listRelationships } from '$lib/server/relationships/relationships.service';
import type { RequestHandler } from './$types';

/** The caller's relationships, as student and as teacher, newest first; `?status=` filters. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(relationshipListSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listRelationships(event.locals.ctx, user, query));
});
