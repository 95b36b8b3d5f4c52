import type { z } from 'zod';
import { AppError, errorBody, invalid } from './errors';

/** The largest JSON body any endpoint reads; uploads have routes of their own. */
export const JSON_BODY_LIMIT = 64 * 1024;
/** Deeper than any schema of ours nests; refusing early keeps parsing and validation linear. */
export const JSON_MAX_DEPTH = 32;

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

type Frame = { value: unknown; key: string; parent: Frame | undefined };

const pathOf = (frame: Frame): string[] => {
	const path: string[] = [];
	for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.push(f.key);
	return path.reverse();
};

/**
 * The path of the first string (value or key) holding a NUL character, which PostgreSQL text
 * cannot store. Iterative, and the path is built only for the hit, so the work is linear in the
 * size of the value however deeply it nests.
 */
export function findNul(value: unknown): string[] | undefined {
	const stack: Frame[] = [{ value, key: '', parent: undefined }];
	while (stack.length) {
		const frame = stack.pop()!;
		const current = frame.value;
		if (typeof current === 'string') {
			if (current.includes('\u0000')) return pathOf(frame);
		} else if (Array.isArray(current)) {
			for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: String(i), parent: frame });
		} else if (typeof current === 'object' && current !== null) {
			const entries = Object.entries(current);
			for (let i = entries.length - 1; i >= 0; i--) {
				const [key, item] = entries[i]!;
				const child = { value: item, key, parent: frame };
				if (key.includes('\u0000')) return pathOf(child);
				stack.push(child);
			}
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

/**
 * How deeply the arrays and objects of a JSON text nest, counted in one pass over the raw text
 * (brackets inside strings do not count), stopping as soon as `limit` is passed.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > limit) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

const tooLarge = (limit: number) =>
	new AppError(413, 'payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KB.`, {
		field: 'body'
	});

/**
 * The body as text, refusing with 413 as soon as it passes `limit` bytes: at once when
 * Content-Length says so, otherwise when the streamed bytes do (the rest is never read).
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) throw tooLarge(limit);
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		size += read.value.byteLength;
		if (size > limit) {
			// Not awaited: under Bun the cancel can stay pending while the client is still sending.
			void reader.cancel().catch(() => undefined);
			throw tooLarge(limit);
		}
		chunks.push(read.value);
	}
	return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Reads a JSON body and validates it; malformed, oversized or absurdly nested JSON is a 4xx, never a 500. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) {
		throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
	}
	const text = await readBodyText(request, JSON_BODY_LIMIT);
	if (jsonNestingExceeds(text, JSON_MAX_DEPTH)) {
		throw new AppError(400, 'invalid_json', `The request body nests deeper than ${JSON_MAX_DEPTH} levels.`, {
			field: 'body'
		});
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
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
