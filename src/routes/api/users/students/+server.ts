import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { studentSearchSchema } from '$lib/server/relationships/relationships.schemas';
import { listStudents } from '$lib/server/relationships/relationships.service';
import type { RequestHandler } from './$types';

/** The calling teacher's active students by name; `?q=` matches part of a name or username. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(studentSearchSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listStudents(event.locals.ctx, user, query));
});
