import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { readAll } from '$lib/server/notifications/notifications.service';
import type { RequestHandler } from './$types';

/** Marks every notification of the caller read: `{updated}`. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json(await readAll(event.locals.ctx, user.id));
});
