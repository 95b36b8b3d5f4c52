import { requireUser } from '$lib/server/auth/cookies';
import { createCommentSchema, listCommentsSchema } from '$lib/server/comments/comments.schemas';
import { createComment, listComments } from '$lib/server/comments/comments.service';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{comments, hasMore}`: by position in the video, or with `?after=<id>` what came after that comment. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(listCommentsSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listComments(event.locals.ctx, user, Number(event.params.id), query));
});

/** Pins a comment `{content, timestamp, endTimestamp?, category?, drawing?}` to the video: 201 `{comment}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, createCommentSchema);
	const comment = await createComment(event.locals.ctx, user, Number(event.params.id), input);
	return Response.json({ comment }, { status: 201 });
});
