import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput } from '$lib/server/http';
import { notificationListSchema } from '$lib/server/notifications/notifications.schemas';
import { listForUser } from '$lib/server/notifications/notifications.service';
import type { RequestHandler } from './$types';

/** The caller's own notifications, newest first (`?unread=true`: unread only): `{notifications, nextCursor, unreadCount}`. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(notificationListSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listForUser(event.locals.ctx, user, query));
});
