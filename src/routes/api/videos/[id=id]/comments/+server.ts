import { requireUser } from '$lib/server/auth/cookies';
import { listCommentChanges, listComments } from '$lib/server/comments/comment-lists.service';
import { createCommentSchema, listCommentsSchema } from '$lib/server/comments/comments.schemas';
import { createComment } from '$lib/server/comments/comments.service';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * `{comments, hasMore, revision}`: by position in the video, or with `?after=<id>` what came
 * after that comment, or with `?since=<revision>` every change after that revision (comments as
 * they are now and `{id, deleted: true, ...}` tombstones), in revision order.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const { since, ...query } = parseInput(listCommentsSchema, Object.fromEntries(event.url.searchParams));
	const videoId = Number(event.params.id);
	const ctx = event.locals.ctx;
	return Response.json(
		since === undefined ? await listComments(ctx, user, videoId, query) : await listCommentChanges(ctx, user, videoId, { since, limit: query.limit })
	);
});

/** Pins a comment `{content, timestamp, endTimestamp?, category?, drawing?}` to the video: 201 `{comment}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, createCommentSchema);
	const comment = await createComment(event.locals.ctx, user, Number(event.params.id), input);
	return Response.json({ comment }, { status: 201 });
});
