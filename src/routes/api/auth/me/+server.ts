import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ user: toSelfUser(user) });
});
