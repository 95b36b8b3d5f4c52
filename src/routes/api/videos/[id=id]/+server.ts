import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { videoUpdateSchema } from '$lib/server/videos/videos.schemas';
import { deleteVideo, getVideo, updateVideo } from '$lib/server/videos/videos.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ video: await getVideo(event.locals.ctx, user, Number(event.params.id)) });
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, videoUpdateSchema);
	return Response.json({ video: await updateVideo(event.locals.ctx, user, Number(event.params.id), input) });
});

/** Removes the video, its shares and comments, and every stored file. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	await deleteVideo(event.locals.ctx, user, Number(event.params.id));
	return new Response(null, { status: 204 });
});
