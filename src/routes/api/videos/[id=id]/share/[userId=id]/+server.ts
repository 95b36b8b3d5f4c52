import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { unshareVideo } from '$lib/server/videos/sharing.service';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	await unshareVideo(event.locals.ctx, user, Number(event.params.id), Number(event.params.userId));
	return new Response(null, { status: 204 });
});
