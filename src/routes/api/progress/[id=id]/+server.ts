import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { progressUpdateSchema } from '$lib/server/progress/progress.schemas';
import { deleteProgress, getProgressRecord, updateProgress } from '$lib/server/progress/progress.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ record: await getProgressRecord(event.locals.ctx, user, Number(event.params.id)) });
});

/** Only the teacher who wrote it, while still an active teacher of the student. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, progressUpdateSchema);
	return Response.json({ record: await updateProgress(event.locals.ctx, user, Number(event.params.id), input) });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	await deleteProgress(event.locals.ctx, user, Number(event.params.id));
	return new Response(null, { status: 204 });
});
