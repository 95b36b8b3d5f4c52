// Helpers shared by the form actions and guards of the pages. (Route-side code: src/lib/server
// stays free of SvelteKit, so the mapping from its AppError to `fail()` lives here.)
import { fail, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import type { SessionUser } from '$lib/server/db/schema';

/** The text value of each named field ('' for a missing field or a file). */
export function textFields<K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
	const values = {} as Record<K, string>;
	for (const name of names) {
		const value = form.get(name);
		values[name] = typeof value === 'string' ? value : '';
	}
	return values;
}

/** "45 seconds", "about 3 minutes", "about 2 hours". */
export function formatWait(seconds: number): string {
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
	const hours = Math.ceil(minutes / 60);
	return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/**
 * Turns a service's AppError into the page's `form` value: `{ message, field, values }`, with the
 * field kept only when the form shows it. `values` must never hold a password. Anything that is not
 * an AppError is a bug and stays a 500.
 */
export function failure(
	error: unknown,
	options: { values?: Record<string, string>; fields?: readonly string[] } = {}
) {
	if (!(error instanceof AppError)) throw error;
	// `instruments.2` is about the `instruments` control.
	const named = error.details.field?.split('.')[0];
	const field = named && options.fields?.includes(named) ? named : null;
	const message =
		error.status === 429
			? `Too many attempts. Please wait ${formatWait(error.details.retryAfterSeconds ?? 60)} and try again.`
			: error.message;
	return fail(error.status, { message, field, code: error.code, values: options.values ?? {} });
}

const unsafeStart = (path: string) => !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\');

/**
 * A same-site path to go to after signing in, or the fallback. The decision is taken on the URL
 * as a browser resolves it (dot segments removed, `\\` read as `/`, tabs and newlines dropped), and
 * exactly that resolved path is returned: `/.//evil.example` resolves to `//evil.example`, which a
 * browser treats as another host, so it is refused rather than "cleaned".
 */
export function safeRedirectPath(value: string | null | undefined, fallback = '/home'): string {
	if (!value || value.length > 2000 || unsafeStart(value)) return fallback;
	try {
		const base = 'http://classcast.invalid';
		const url = new URL(value, base);
		if (url.origin !== base) return fallback;
		const path = url.pathname + url.search + url.hash;
		// What is returned must pass the same checks and resolve to the same place again.
		if (unsafeStart(path) || new URL(path, base).href !== url.href) return fallback;
		return path;
	} catch {
		return fallback;
	}
}

/** The login page, set to come back to this page (form-action names such as `?/save` are dropped). */
export function loginUrlFor(url: URL): string {
	const params = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/')));
	const query = params.size ? `?${params}` : '';
	return `/login?redirectTo=${encodeURIComponent(url.pathname + query)}`;
}

/**
 * The signed-in user, or a redirect to the login page. Every load and action of a signed-in page
 * calls it: a layout's guard does not run before a page's actions.
 */
export function signedInUser(event: { locals: App.Locals; url: URL }): SessionUser {
	if (!event.locals.user) redirect(303, loginUrlFor(event.url));
	return event.locals.user;
}
