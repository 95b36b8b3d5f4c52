import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { conversationListSchema, createConversationSchema } from '$lib/server/messaging/messaging.schemas';
import { listMyConversations, startConversation } from '$lib/server/messaging/conversations.service';
import type { RequestHandler } from './$types';

/** The caller's conversations, latest first: `{conversations, nextCursor, unreadCount}`. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(conversationListSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listMyConversations(event.locals.ctx, user, query));
});

/** `{userIds: [id]}`: the conversation with that person, 201 when new, 200 when it existed. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, createConversationSchema);
	const { conversation, created } = await startConversation(event.locals.ctx, user, input);
	return Response.json({ conversation }, { status: created ? 201 : 200 });
});
