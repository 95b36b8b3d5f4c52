import { logout } from '$lib/server/auth/auth.service';
import { clientMeta, deleteSessionCookie, requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const { session } = requireUser(event);
	await logout(event.locals.ctx, session, clientMeta(event));
	deleteSessionCookie(event);
	return new Response(null, { status: 204 });
});
