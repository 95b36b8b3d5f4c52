import { requireUser } from '$lib/server/auth/cookies';
import { endpoint } from '$lib/server/http';
import { handleUploadRequest } from '$lib/server/uploads/uploads.service';
import type { RequestHandler } from './$types';

// tus 1.0.0 on one upload: HEAD (resume from the offset), PATCH (send bytes, streamed to disk),
// DELETE (terminate). Only the upload's creator gets past the lookup; anyone else gets 404.
const tus: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return handleUploadRequest(event.locals.ctx, user, event.request, event.params.id);
});

export const HEAD = tus;
export const PATCH = tus;
export const DELETE = tus;
export const OPTIONS = tus;
