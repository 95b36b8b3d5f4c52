// The API answers a refusal with `{error: {code, message, field?}}`; the pages show its message.

export interface ApiProblem {
	message: string;
	/** The input the refusal is about (e.g. `content`, `videoId`), when it names one. */
	field?: string;
}

const FALLBACK = 'Something went wrong. Try again.';

/** The message (and field) of a failed response, or a general sentence when it has none. */
export async function apiProblem(response: Response): Promise<ApiProblem> {
	try {
		const body = (await response.json()) as { error?: { message?: unknown; field?: unknown } };
		const message = typeof body.error?.message === 'string' ? body.error.message : FALLBACK;
		return typeof body.error?.field === 'string' ? { message, field: body.error.field } : { message };
	} catch {
		return { message: FALLBACK };
	}
}
