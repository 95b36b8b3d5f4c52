import { randomBytes } from 'node:crypto';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { consumePoint } from '../auth/rate-limits';
import { AppError, forbidden, notFound } from '../errors';
import { errorResponse } from '../http';
import { deleteUpload, findOpenUploadOf, insertUpload, recordUploadOffset } from './uploads.repository';
import { removeUploadFiles, uploadsDir } from './uploads.files';

/** Where tus is mounted; the upload id is the last segment of its Location. */
export const UPLOADS_PATH = '/api/uploads';

/** 24 random bytes in base64url: 32 characters, unguessable. */
export const newUploadId = () => randomBytes(24).toString('base64url');
export const UPLOAD_ID = /^[A-Za-z0-9_-]{32}$/;

// One tus server per app context (tests run several apps in one process). The caller of each
// request is handed to tus's hooks through this map, keyed by the request tus is given.
const servers = new WeakMap<AppContext, Server>();
const callers = new WeakMap<Request, number>();

function tusServer(ctx: AppContext): Server {
	let server = servers.get(ctx);
	if (server) return server;
	server = new Server({
		path: UPLOADS_PATH,
		datastore: new FileStore({ directory: uploadsDir(ctx.config) }),
		maxSize: ctx.config.uploadMaxBytes,
		// Relative, so the Location never echoes a request's Host header.
		relativeLocation: true,
		// Same-origin only: no CORS headers for any other page.
		allowedOrigins: () => false,
		namingFunction: () => newUploadId(),
		async onUploadCreate(request: Request, upload: Upload) {
			const userId = callers.get(request);
			if (!userId) throw { status_code: 401, body: 'Sign in to continue.\n' };
			await insertUpload(ctx.db, {
				id: upload.id,
				user_id: userId,
				size: upload.size ?? 0,
				// Metadata is the client's word: kept as a label only, without the NULs text cannot hold.
				filename: upload.metadata?.filename?.replaceAll('\u0000', '').slice(0, 255) || null
			});
			return {};
		}
	});
	servers.set(ctx, server);
	return server;
}

const tusError = (error: AppError) => {
	const response = errorResponse(error);
	response.headers.set('tus-resumable', '1.0.0');
	return response;
};

/** One upload started (a tus creation or a multipart video): 429 past UPLOAD_MAX_PER_HOUR. */
export function consumeUploadPoint(ctx: AppContext, user: SessionUser): Promise<void> {
	return consumePoint(ctx.rateLimits.uploadsByUser, String(user.id));
}

/**
 * Answers one tus request of a signed-in user: create (POST, no id), or HEAD/PATCH/DELETE of an
 * upload, which must be theirs and not yet made into a video (anything else is 404, so ids of
 * other people's uploads tell nothing). The bytes stream to disk; the row follows the offset.
 */
export async function handleUploadRequest(ctx: AppContext, user: SessionUser, request: Request, uploadId?: string): Promise<Response> {
	if (!user.verified) return tusError(forbidden('Confirm your e-mail address before uploading.'));
	const method = request.method.toUpperCase();
	if (method !== 'OPTIONS') {
		if (uploadId === undefined) {
			if (method !== 'POST') return tusError(new AppError(404, 'not_found', 'Upload not found.'));
			if (request.headers.has('upload-defer-length') || request.headers.has('upload-concat')) {
				return tusError(new AppError(400, 'invalid_input', 'Declare the upload\'s size with Upload-Length.', { field: 'upload-length' }));
			}
			try {
				await consumeUploadPoint(ctx, user);
			} catch (error) {
				if (error instanceof AppError) return tusError(error);
				throw error;
			}
		} else if (!UPLOAD_ID.test(uploadId) || !(await findOpenUploadOf(ctx.db, uploadId, user.id))) {
			return tusError(notFound('Upload'));
		}
	}
	callers.set(request, user.id);
	const response = await tusServer(ctx).handleWeb(request);
	// A chunk's buffers are garbage once it is written, but JSC collects lazily: over a large
	// upload RSS climbs by hundreds of MB before it does. A non-blocking collection after each
	// chunk keeps the process near its idle size (bench/upload.ts measures it).
	if (method === 'PATCH') Bun.gc(false);
	await afterTus(ctx, method, uploadId ?? createdId(response), response);
	return response;
}

const createdId = (response: Response) => response.headers.get('location')?.split('/').pop();

async function afterTus(ctx: AppContext, method: string, id: string | undefined, response: Response): Promise<void> {
	if (!id || response.status >= 300) return;
	const offset = response.headers.get('upload-offset');
	if ((method === 'POST' || method === 'PATCH') && offset !== null) await recordUploadOffset(ctx.db, id, Number(offset));
	if (method === 'DELETE') {
		await deleteUpload(ctx.db, id);
		await removeUploadFiles(ctx.config, id);
	}
}
