import type { ErrorBody } from '../../src/lib/server/errors';
import type { TestApp } from './app';

/** The `error` object of an error response. */
export async function errorOf(response: Response): Promise<ErrorBody['error']> {
	return ((await response.json()) as ErrorBody).error;
}

/** GET /api/auth/me as the holder of a session token. */
export function me(app: TestApp, token: string): Promise<Response> {
	return app.fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
}
