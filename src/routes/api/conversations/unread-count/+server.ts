import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { unreadTotal } from '$lib/server/messaging/conversations.service';
import type { RequestHandler } from './$types';

/** Unread messages over all of the caller's conversations: `{unreadCount}` (the navigation's count). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ unreadCount: await unreadTotal(event.locals.ctx, user.id) });
});
