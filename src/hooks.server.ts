import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session.service';
import { loadConfig } from '$lib/server/config';
import { createContext, getContext, requestBinding } from '$lib/server/context';
import { unauthorized, type AppError } from '$lib/server/errors';
import { errorResponse } from '$lib/server/http';
import { BASE_SECURITY_HEADERS } from '$lib/server/web/headers';
import { isPublicApi, isUnsafeMethod, refuseForeignOrigin, unreadableFormBody } from '$lib/server/web/request-guards';

// Under `bun run start` and in tests the server entry creates the context before the first
// request; under `vite dev` the first request creates it from the environment.
const context: Handle = async ({ event, resolve }) => {
	const binding = requestBinding(event.platform?.request);
	event.locals.ctx = binding?.ctx ?? (await getContext(() => createContext(loadConfig())));
	event.locals.clientAddress = binding ? binding.clientAddress : safeClientAddress(event.getClientAddress);
	event.locals.requestId = requestIdOf(event.request.headers.get('x-request-id'));
	return resolve(event);
};

// A client's id is kept only when it is a plain token: it is echoed in a header and in every log line.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const requestIdOf = (claimed: string | null) => (claimed && REQUEST_ID.test(claimed) ? claimed : crypto.randomUUID());

function safeClientAddress(get: () => string): string | null {
	try {
		return get() || null;
	} catch {
		return null;
	}
}

/** One log line per request: method, path (never the query, which may hold a token), status, time. */
const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const { logger } = event.locals.ctx;
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		response.headers.set('x-request-id', event.locals.requestId);
		return response;
	} finally {
		logger.info(
			{
				reqId: event.locals.requestId,
				method: event.request.method,
				path: event.url.pathname,
				status,
				ms: Math.round((performance.now() - started) * 10) / 10,
				userId: event.locals.user?.id
			},
			'request'
		);
	}
};

const bearerToken = (header: string | null) => {
	const match = header?.match(/^Bearer\s+(\S+)$/i);
	return match?.[1];
};

/** The session from the cookie or an `Authorization: Bearer` header; an invalid one is ignored. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const fromHeader = bearerToken(event.request.headers.get('authorization'));
	const token = fromHeader ?? event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = await validateSessionToken(event.locals.ctx.db, token);
		if (valid) {
			event.locals.user = valid.user;
			event.locals.session = valid.session;
			if (valid.renewed && !fromHeader) setSessionCookie(event, token, valid.session.expires_at);
		} else if (!fromHeader) {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

/**
 * Refusals that hold for every route, before any route code runs: a state-changing request from a
 * foreign page, the API without a session (deny by default: only the routes of a short list are
 * public), and a form post whose body cannot be read as a form.
 */
const guards: Handle = async ({ event, resolve }) => {
	const { pathname } = event.url;
	const api = pathname === '/api' || pathname.startsWith('/api/');
	const refuse = (error: AppError) =>
		api || !event.request.headers.has('x-sveltekit-action')
			? errorResponse(error)
			: Response.json({ type: 'error', error: { message: error.message } }, { status: error.status });
	if (isUnsafeMethod(event.request.method)) {
		const foreign = refuseForeignOrigin(event.request, event.locals.ctx.config.origin ?? event.url.origin);
		if (foreign) return refuse(foreign);
	}
	if (api && !event.locals.user && !isPublicApi(event.request.method, pathname)) return refuse(unauthorized());
	if (!api && isUnsafeMethod(event.request.method)) {
		const unreadable = await unreadableFormBody(event.request);
		if (unreadable) return refuse(unreadable);
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};

export const handle = sequence(context, requestLog, securityHeaders, authenticate, guards);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId;
	if (status >= 500) {
		event.locals.ctx?.logger.error(
			{ reqId: requestId, path: event.url.pathname, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
			'unhandled error'
		);
		return { message: 'Something went wrong on our side.', requestId };
	}
	return { message, requestId };
};
