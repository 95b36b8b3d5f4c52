import { requireUser } from '$lib/server/auth/cookies';
import { replySchema } from '$lib/server/comments/comments.schemas';
import { replyToComment } from '$lib/server/comments/comments.service';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Answers the comment `{content}`: 201 `{comment}`, at the thread's moment. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const { content } = await readJson(event.request, replySchema);
	const comment = await replyToComment(event.locals.ctx, user, Number(event.params.id), { content });
	return Response.json({ comment }, { status: 201 });
});
