import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import { removeProfileImage } from '$lib/server/users/users.service';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ user: toSelfUser(await removeProfileImage(event.locals.ctx, user.id)) });
});
