import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { relationshipRequestSchema } from '$lib/server/relationships/relationships.schemas';
import { requestRelationship } from '$lib/server/relationships/relationships.service';
import type { RequestHandler } from './$types';

/** {teacherId}: the caller asks a teacher; {studentId}: a teacher invites a student. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, relationshipRequestSchema);
	return Response.json({ relationship: await requestRelationship(event.locals.ctx, user, input) }, { status: 201 });
});
