import { SESSION_COOKIE, validateSessionToken } from '../auth/session.service';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, unauthorized } from '../errors';
import { errorResponse } from '../http';
import { createVideoFromForm } from '../videos/multipart';
import { refuseForeignOrigin } from '../web/request-guards';
import { handleUploadRequest, UPLOADS_PATH } from './uploads.service';

/**
 * The routes whose bodies are files: tus (`/api/uploads...`) and multipart `POST /api/videos`.
 * The server entry answers them before SvelteKit, because svelte-adapter-bun hands SvelteKit
 * `new Request(url, request)`, and under Bun that copy reads the whole body into memory first
 * (measured: +536 MB of RSS for a 512 MiB body, +45 MB without the copy). Everything SvelteKit's
 * hooks would check is checked here the same way: Origin, then the session (cookie or Bearer).
 */
export function isDirectUploadRoute(request: Request, pathname: string): boolean {
	if (pathname === UPLOADS_PATH || pathname.startsWith(`${UPLOADS_PATH}/`)) return true;
	const type = request.headers.get('content-type')?.toLowerCase() ?? '';
	return request.method === 'POST' && pathname === '/api/videos' && type.startsWith('multipart/form-data');
}

export async function handleDirectUpload(ctx: AppContext, request: Request, pathname: string): Promise<Response> {
	const started = performance.now();
	const reqId = crypto.randomUUID();
	let user: SessionUser | undefined;
	let response: Response;
	try {
		user = await authenticate(ctx, request);
		response = await route(ctx, request, pathname, user);
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		response = errorResponse(error);
	}
	response.headers.set('x-request-id', reqId);
	ctx.logger.info(
		{ reqId, method: request.method, path: pathname, status: response.status, ms: Math.round((performance.now() - started) * 10) / 10, userId: user?.id },
		'request'
	);
	return response;
}

async function route(ctx: AppContext, request: Request, pathname: string, user: SessionUser | undefined): Promise<Response> {
	if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') {
		const own = ctx.config.origin ?? `${request.headers.get('x-forwarded-proto') ?? 'http'}://${request.headers.get('host')}`;
		const foreign = refuseForeignOrigin(request, own);
		if (foreign) throw foreign;
	}
	if (!user) throw unauthorized();
	if (pathname.startsWith(UPLOADS_PATH)) {
		const id = pathname.slice(UPLOADS_PATH.length + 1);
		return handleUploadRequest(ctx, user, request, id === '' ? undefined : id);
	}
	return Response.json({ video: await createVideoFromForm(ctx, user, request) }, { status: 201 });
}

/** The session's user from `Authorization: Bearer` or the session cookie; an invalid one is no one. */
async function authenticate(ctx: AppContext, request: Request): Promise<SessionUser | undefined> {
	const bearer = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
	const token = bearer ?? sessionCookie(request.headers.get('cookie'));
	const valid = token ? await validateSessionToken(ctx.db, token) : undefined;
	return valid?.user;
}

function sessionCookie(header: string | null): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const [key, ...rest] = part.trim().split('=');
		if (key !== SESSION_COOKIE) continue;
		try {
			return decodeURIComponent(rest.join('='));
		} catch {
			return undefined;
		}
	}
	return undefined;
}
