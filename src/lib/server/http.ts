import type { z } from 'zod';
import { AppError, errorBody, invalid } from './errors';

/** The first problem a schema found, as an AppError naming the field. */
export function validationError(error: z.ZodError): AppError {
	const issue = error.issues[0];
	const path = issue?.path.map(String) ?? [];
	// An unknown key has no path of its own: name the key.
	if (issue?.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
	const field = path.join('.') || 'body';
	const message = issue?.code === 'invalid_type' && issue.input === undefined ? `${field} is required.` : issue?.message;
	return invalid(field, message ?? 'Invalid input.');
}

/** The path of the first string holding a NUL character, which PostgreSQL text cannot store. */
function findNul(value: unknown, path: string[] = []): string[] | undefined {
	if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
	if (Array.isArray(value)) {
		for (const [i, item] of value.entries()) {
			const found = findNul(item, [...path, String(i)]);
			if (found) return found;
		}
	} else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			const found = findNul(item, [...path, key]);
			if (found) return found;
		}
	}
	return undefined;
}

/** Validates any value against a schema, throwing a 400 that names the failing field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
	const nul = findNul(value);
	if (nul) throw invalid(nul.join('.') || 'body', 'Text must not contain NUL characters.');
	const result = schema.safeParse(value);
	if (!result.success) throw validationError(result.error);
	return result.data;
}

/** Reads a JSON body and validates it; malformed JSON is a 400, never a 500. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) {
		throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.', { field: 'body' });
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new AppError(400, 'invalid_json', 'The request body must be a JSON object.', { field: 'body' });
	}
	return parseInput(schema, body);
}

export function errorResponse(error: AppError): Response {
	const headers: Record<string, string> = {};
	if (error.details.retryAfterSeconds) headers['retry-after'] = String(error.details.retryAfterSeconds);
	return Response.json(errorBody(error), { status: error.status, headers });
}

/** Turns a JSON endpoint's AppErrors into their responses; anything else stays a 500. */
export function endpoint<E>(handler: (event: E) => Promise<Response>): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (error) {
			if (error instanceof AppError) return errorResponse(error);
			throw error;
		}
	};
}
