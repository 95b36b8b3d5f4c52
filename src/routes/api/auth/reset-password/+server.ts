import { resetPassword } from '$lib/server/auth/auth.service';
import { resetPasswordSchema } from '$lib/server/auth/auth.schemas';
import { clientMeta } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const input = await readJson(event.request, resetPasswordSchema);
	await resetPassword(event.locals.ctx, input, clientMeta(event));
	return Response.json({ message: 'Password changed. Sign in with the new password.' });
});
