import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { listVideoShares } from '$lib/server/videos/sharing.service';
import type { RequestHandler } from './$types';

/** Whom the video is shared with (its owner only). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ shares: await listVideoShares(event.locals.ctx, user, Number(event.params.id)) });
});
