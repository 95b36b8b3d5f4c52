import { login } from '$lib/server/auth/auth.service';
import { loginSchema } from '$lib/server/auth/auth.schemas';
import { loginMeta, setLoginCookies } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const input = await readJson(event.request, loginSchema);
	const result = await login(event.locals.ctx, input, loginMeta(event));
	setLoginCookies(event, result);
	const { token, session, user } = result;
	return Response.json({ token, expiresAt: session.expires_at.toISOString(), user: toSelfUser(user) });
});
