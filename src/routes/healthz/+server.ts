import type { RequestHandler } from './$types';

/** Liveness: the process answers. */
export const GET: RequestHandler = async () => Response.json({ status: 'ok' });
