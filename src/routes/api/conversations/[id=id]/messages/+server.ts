import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { messageListSchema, sendMessageSchema } from '$lib/server/messaging/messaging.schemas';
import { listConversationMessages, listMessageChanges } from '$lib/server/messaging/message-lists.service';
import { sendMessage } from '$lib/server/messaging/messages.service';
import type { RequestHandler } from './$types';

/**
 * `{messages, hasMore, revision}`, oldest first: `?after=<seq>` what came after, `?before=<seq>`
 * what came before, neither the newest; `?since=<revision>` every message changed after it, by revision.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const { since, ...query } = parseInput(messageListSchema, Object.fromEntries(event.url.searchParams));
	const id = Number(event.params.id);
	if (since !== undefined) return Response.json(await listMessageChanges(event.locals.ctx, user, id, { since, limit: query.limit }));
	return Response.json(await listConversationMessages(event.locals.ctx, user, id, query));
});

/** `{content, videoId?}`: 201 `{message}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, sendMessageSchema);
	const message = await sendMessage(event.locals.ctx, user, Number(event.params.id), input);
	return Response.json({ message }, { status: 201 });
});
