import { verifyEmail } from '$lib/server/auth/auth.service';
import { verifyEmailSchema } from '$lib/server/auth/auth.schemas';
import { clientMeta } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const { token } = await readJson(event.request, verifyEmailSchema);
	const user = await verifyEmail(event.locals.ctx, token, clientMeta(event));
	return Response.json({ user: toSelfUser(user) });
});
