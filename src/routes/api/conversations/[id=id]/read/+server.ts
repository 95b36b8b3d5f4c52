import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { readSchema } from '$lib/server/messaging/messaging.schemas';
import { markConversationRead } from '$lib/server/messaging/conversations.service';
import type { RequestHandler } from './$types';

/** `{lastMessageId}`: the caller has read up to that message (never moves back): `{lastReadSeq, lastReadMessageId, unreadCount}`. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, readSchema);
	return Response.json(await markConversationRead(event.locals.ctx, user, Number(event.params.id), input));
});
