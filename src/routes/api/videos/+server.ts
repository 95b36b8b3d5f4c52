import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { multipartDir } from '$lib/server/uploads/uploads.files';
import { receiveVideoForm } from '$lib/server/videos/multipart';
import { createFromUploadSchema, multipartFieldsSchema, pageSchema } from '$lib/server/videos/videos.schemas';
import { createVideoFromFile, createVideoFromUpload, listMyVideos } from '$lib/server/videos/videos.service';
import { rm } from 'node:fs/promises';
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
	const received = await receiveVideoForm(event.request, { dir: multipartDir(ctx.config), maxBytes: ctx.config.uploadMaxBytes });
	let details;
	try {
		details = parseInput(multipartFieldsSchema, received.fields);
	} catch (error) {
		await rm(received.path, { force: true });
		throw error;
	}
	return Response.json({ video: await createVideoFromFile(ctx, user, received.path, details) }, { status: 201 });
});
