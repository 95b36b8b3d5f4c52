import { register } from '$lib/server/auth/auth.service';
import { registerSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { endpoint, readJson } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const input = await readJson(event.request, registerSchema);
	const user = await register(event.locals.ctx, input, requestMeta(event));
	return Response.json({ user: toSelfUser(user) }, { status: 201 });
});
