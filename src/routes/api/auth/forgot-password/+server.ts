import { forgotPassword } from '$lib/server/auth/auth.service';
import { forgotPasswordSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const { email } = await readJson(event.request, forgotPasswordSchema);
	await forgotPassword(event.locals.ctx, email, requestMeta(event));
	return Response.json(
		{ message: 'If an account uses that address, a reset link is on its way.' },
		{ status: 202 }
	);
});
