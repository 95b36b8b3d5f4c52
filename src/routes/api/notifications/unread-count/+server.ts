import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { unreadCount } from '$lib/server/notifications/notifications.service';
import type { RequestHandler } from './$types';

/** The bell's count: `{unreadCount}`, only what the caller may still see. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ unreadCount: await unreadCount(event.locals.ctx, user) });
});
