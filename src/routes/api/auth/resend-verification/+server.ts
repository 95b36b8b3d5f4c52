import { resendVerification } from '$lib/server/auth/auth.service';
import { resendVerificationSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const { email } = await readJson(event.request, resendVerificationSchema);
	await resendVerification(event.locals.ctx, email, requestMeta(event));
	return new Response(null, { status: 202 });
});
