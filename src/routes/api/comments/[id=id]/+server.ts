import { requireUser } from '$lib/server/auth/cookies';
import { updateCommentSchema } from '$lib/server/comments/comments.schemas';
import { deleteComment, updateComment } from '$lib/server/comments/comments.service';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The author edits `{content?, timestamp?, endTimestamp?, category?, drawing?}` (`drawing: null` removes it): `{comment}`. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, updateCommentSchema);
	return Response.json({ comment: await updateComment(event.locals.ctx, user, Number(event.params.id), input) });
});

/** The author or the video's owner removes the comment and its replies: 204. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	await deleteComment(event.locals.ctx, user, Number(event.params.id));
	return new Response(null, { status: 204 });
});
