import { isDatabaseReachable } from '$lib/server/context';
import type { RequestHandler } from './$types';

/** Readiness: the database answers. */
export const GET: RequestHandler = async ({ locals }) => {
	const database = await isDatabaseReachable(locals.ctx);
	return Response.json({ status: database ? 'ready' : 'unavailable', database }, { status: database ? 200 : 503 });
};
