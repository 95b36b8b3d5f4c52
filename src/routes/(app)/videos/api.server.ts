// The video pages read and write through the video API's JSON routes (the API contract), with
// SvelteKit's event.fetch: it calls the app in-process and forwards the session cookie, so the
// pages depend on the contract, not on the service's internals.
import { fail } from '@sveltejs/kit';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string; field: string | null };

type Fetch = typeof fetch;

export async function api<T>(fetch: Fetch, path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
	const response = await fetch(path, {
		method: init.method ?? 'GET',
		headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: init.body === undefined ? undefined : JSON.stringify(init.body)
	});
	if (response.status === 204) return { ok: true, data: undefined as T };
	const text = await response.text();
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	if (response.ok && body !== null) return { ok: true, data: body as T };
	const error = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
	return {
		ok: false,
		status: response.ok ? 502 : response.status,
		code: error?.code ?? 'unavailable',
		message: error?.message ?? 'The video service did not answer as expected. Please try again in a moment.',
		field: error?.field ?? null
	};
}

/** A failed API call as a form action's `fail()`, with the values to put back in the form. */
export function apiFailure(result: Extract<ApiResult<unknown>, { ok: false }>, values: Record<string, string> = {}) {
	return fail(result.status >= 500 ? 502 : result.status, { message: result.message, field: result.field, code: result.code, values });
}
