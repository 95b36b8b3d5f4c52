import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { listEndedSessions } from '$lib/server/review/review-records.service';
import { listSessionsSchema, startSessionSchema } from '$lib/server/review/review-sessions.schemas';
import { listLiveSessions, startReviewSession } from '$lib/server/review/review-sessions.service';
import type { RequestHandler } from './$types';

/**
 * `{sessions}`: the video's live sessions the caller hosts or was invited to. With
 * `?status=ended` (and `limit`, `before`), `{sessions, nextCursor}`: the record of its ended
 * sessions, each with `participants`, `durationSeconds` and `commentCount`, for the video's
 * owner (all of them) and for the people who took part (theirs).
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const videoId = Number(event.params.id);
	const query = parseInput(listSessionsSchema, Object.fromEntries(event.url.searchParams));
	if (query.status === 'ended') return Response.json(await listEndedSessions(event.locals.ctx, user, videoId, query));
	return Response.json({ sessions: await listLiveSessions(event.locals.ctx, user, videoId) });
});

/** Starts a live co-review of the video with the caller as host: `{inviteeIds}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, startSessionSchema);
	const session = await startReviewSession(event.locals.ctx, user, Number(event.params.id), input);
	return Response.json({ session }, { status: 201 });
});
