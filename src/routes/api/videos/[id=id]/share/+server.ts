import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { shareSchema } from '$lib/server/videos/videos.schemas';
import { shareVideo } from '$lib/server/videos/sharing.service';
import type { RequestHandler } from './$types';

/** Shares the video with `{userId}`, who is notified. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const { userId } = await readJson(event.request, shareSchema);
	const share = await shareVideo(event.locals.ctx, user, Number(event.params.id), userId);
	return Response.json({ share }, { status: 201 });
});
