import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { progressCreateSchema, progressListSchema } from '$lib/server/progress/progress.schemas';
import { listProgress, recordProgress } from '$lib/server/progress/progress.service';
import type { RequestHandler } from './$types';

/** A student's progress records, newest first (`?studentId=`, the caller's own without it). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const query = parseInput(progressListSchema, Object.fromEntries(event.url.searchParams));
	return Response.json(await listProgress(event.locals.ctx, user, query));
});

/** An active teacher records scores for one of the student's videos; the student is notified. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, progressCreateSchema);
	return Response.json({ record: await recordProgress(event.locals.ctx, user, input) }, { status: 201 });
});
