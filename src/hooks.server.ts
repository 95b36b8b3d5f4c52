import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session.service';
import { loadConfig } from '$lib/server/config';
import { createContext, getContext, requestBinding } from '$lib/server/context';

// Under `bun run start` and in tests the server entry creates the context before the first
// request; under `vite dev` the first request creates it from the environment.
const context: Handle = async ({ event, resolve }) => {
	const binding = requestBinding(event.platform?.request);
	event.locals.ctx = binding?.ctx ?? (await getContext(() => createContext(loadConfig())));
	event.locals.clientAddress = binding ? binding.clientAddress : safeClientAddress(event.getClientAddress);
	event.locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || crypto.randomUUID();
	return resolve(event);
};

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

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
	return response;
};

export const handle = sequence(context, requestLog, authenticate, securityHeaders);

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
