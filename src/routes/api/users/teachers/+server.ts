import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { toPublicUser } from '$lib/server/users/users.dto';
import { teacherSearchSchema } from '$lib/server/users/users.schemas';
import { listTeachers } from '$lib/server/users/users.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const search = parseInput(teacherSearchSchema, Object.fromEntries(event.url.searchParams));
	const { teachers, nextCursor } = await listTeachers(event.locals.ctx, search);
	return Response.json({ teachers: teachers.map(toPublicUser), nextCursor });
});
