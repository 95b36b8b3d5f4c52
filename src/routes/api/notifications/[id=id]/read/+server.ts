import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { readOne } from '$lib/server/notifications/notifications.service';
import type { RequestHandler } from './$types';

/** Marks one of the caller's notifications read; another user's answers 404. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const notification = await readOne(event.locals.ctx, user, Number(event.params.id));
	return Response.json({ notification });
});
