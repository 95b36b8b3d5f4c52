import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { toPublicUser } from '$lib/server/users/users.dto';
import { getVisibleUser } from '$lib/server/users/users.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const user = await getVisibleUser(event.locals.ctx, Number(event.params.id));
	return Response.json({ user: toPublicUser(user) });
});
