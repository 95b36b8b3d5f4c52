import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { getConversation } from '$lib/server/messaging/conversations.service';
import type { RequestHandler } from './$types';

/** One of the caller's conversations: `{conversation}`. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ conversation: await getConversation(event.locals.ctx, user, Number(event.params.id)) });
});
