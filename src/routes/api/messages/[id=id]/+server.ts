import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { editMessageSchema } from '$lib/server/messaging/messaging.schemas';
import { deleteMessage, editMessage } from '$lib/server/messaging/messages.service';
import type { RequestHandler } from './$types';

/** The sender edits `{content}`: `{message}`. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, editMessageSchema);
	return Response.json({ message: await editMessage(event.locals.ctx, user, Number(event.params.id), input) });
});

/** The sender deletes the message (it keeps its place, without content): 204. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	await deleteMessage(event.locals.ctx, user, Number(event.params.id));
	return new Response(null, { status: 204 });
});
