import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { handleUploadRequest } from '$lib/server/uploads/uploads.service';
import type { RequestHandler } from './$types';

// tus 1.0.0 creation (POST) and capability discovery (OPTIONS); the bytes go to [...id].
const tus: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return handleUploadRequest(event.locals.ctx, user, event.request);
});

export const POST = tus;
export const OPTIONS = tus;
