import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { createVideoFromForm } from '$lib/server/videos/multipart';
import { createFromUploadSchema, pageSchema } from '$lib/server/videos/videos.schemas';
import { createVideoFromUpload, listMyVideos } from '$lib/server/videos/videos.service';
import type { RequestHandler } from './$types';

/** The caller's own videos, newest first. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const page = parseInput(pageSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listMyVideos(event.locals.ctx, user, page));
});

/**
 * Creates a video, status `processing`: JSON `{uploadId, title, ...}` after a tus upload, or
 * multipart/form-data with a `file` field (streamed to disk) for simple clients.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const ctx = event.locals.ctx;
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data')) {
		const { uploadId, ...details } = await readJson(event.request, createFromUploadSchema);
		return Response.json({ video: await createVideoFromUpload(ctx, user, uploadId, details) }, { status: 201 });
	}
	// Under `bun run start` the server entry answers multipart posts before SvelteKit (see
	// uploads/direct-routes.ts); this path serves `vite dev`.
	return Response.json({ video: await createVideoFromForm(ctx, user, event.request) }, { status: 201 });
});
