import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isUnsafeMethod = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/**
 * The API routes a visitor without a session may call; every other `/api/*` route answers 401
 * before its code runs, so a route that forgets its own check is still closed.
 */
const PUBLIC_API: readonly { method: string; path: string }[] = [
	{ method: 'POST', path: '/api/auth/register' },
	{ method: 'POST', path: '/api/auth/login' },
	{ method: 'POST', path: '/api/auth/verify-email' },
	{ method: 'POST', path: '/api/auth/resend-verification' },
	{ method: 'POST', path: '/api/auth/forgot-password' },
	{ method: 'POST', path: '/api/auth/reset-password' }
];

export function isPublicApi(method: string, pathname: string): boolean {
	const path = pathname.replace(/\/+$/, '');
	return PUBLIC_API.some((route) => route.method === method.toUpperCase() && route.path === path);
}

/**
 * A state-changing request that a browser sent from another origin. Browsers send `Origin` with
 * every cross-origin POST, PUT and DELETE, so a missing header is a non-browser client (which
 * carries no ambient cookie of ours) and passes. Same-site is not enough: a page on another port
 * or subdomain is same-site, and SameSite=Lax cookies travel with its requests.
 */
export function refuseForeignOrigin(request: Request, expectedOrigin: string): AppError | undefined {
	const origin = request.headers.get('origin');
	if (origin === null || origin === expectedOrigin) return undefined;
	return new AppError(403, 'forbidden_origin', 'Requests from other sites are not accepted.', { field: 'origin' });
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** The largest page form (a profile picture is at most 10 MB); video uploads go to the API. */
export const FORM_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Why a form post's body cannot be read as a form (wrong type, broken multipart), or undefined.
 * Reads a clone, so the action still gets the body; without this every action's `formData()`
 * threw on such a body and the answer was a 500.
 */
export async function unreadableFormBody(request: Request): Promise<AppError | undefined> {
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) {
		return new AppError(400, 'invalid_form', 'Send the form as application/x-www-form-urlencoded or multipart/form-data.', {
			field: 'body'
		});
	}
	// The check reads the body into memory, so its size is bounded first (browsers always send
	// a form's Content-Length; a body without one is refused rather than read to its end).
	const declared = request.headers.get('content-length');
	const tooLarge = declared === null ? request.body !== null : !(Number(declared) <= FORM_BODY_LIMIT);
	if (tooLarge) {
		return new AppError(413, 'payload_too_large', `A form may send at most ${FORM_BODY_LIMIT / 1024 / 1024} MB, with its length declared.`, {
			field: 'body'
		});
	}
	try {
		await request.clone().formData();
		return undefined;
	} catch {
		return new AppError(400, 'invalid_form', 'The form data could not be read.', { field: 'body' });
	}
}

