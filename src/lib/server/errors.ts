/** A failure the caller caused or may see; routes map it to its HTTP status and error shape. */
export class AppError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
		readonly code: string,
		message: string,
		readonly details: { field?: string; retryAfterSeconds?: number } = {}
	) {
		super(message);
		this.name = 'AppError';
	}
}

export const invalid = (field: string, message: string) =>
	new AppError(400, 'invalid_input', message, { field });
export const unauthorized = (message = 'Sign in to continue.') =>
	new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You are not allowed to do that.') =>
	new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (field: string, message: string) =>
	new AppError(409, 'conflict', message, { field });
export const rateLimited = (retryAfterSeconds: number) =>
	new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
		retryAfterSeconds
	});

/** The body of every error response: `{ error: { code, message, field? } }`. */
export interface ErrorBody {
	error: { code: string; message: string; field?: string };
}

export function errorBody(error: AppError): ErrorBody {
	return {
		error: {
			code: error.code,
			message: error.message,
			...(error.details.field ? { field: error.details.field } : {})
		}
	};
}
