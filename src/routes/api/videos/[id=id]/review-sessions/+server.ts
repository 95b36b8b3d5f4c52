import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { startSessionSchema } from '$lib/server/review/review-sessions.schemas';
import { listLiveSessions, startReviewSession } from '$lib/server/review/review-sessions.service';
import type { RequestHandler } from './$types';

/** The video's live sessions the caller hosts or was invited to. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ sessions: await listLiveSessions(event.locals.ctx, user, Number(event.params.id)) });
});

/** Starts a live co-review of the video with the caller as host: `{inviteeIds}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, startSessionSchema);
	const session = await startReviewSession(event.locals.ctx, user, Number(event.params.id), input);
	return Response.json({ session }, { status: 201 });
});
