import type { Cookies } from '@sveltejs/kit';
import { unauthorized } from '../errors';
import type { SessionRow, SessionUser } from '../db/schema';
import type { LoginMeta } from './auth.service';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS } from './device-cookie';
import { SESSION_COOKIE, type ClientMeta } from './session.service';

interface EventLike {
	cookies: Cookies;
	url: URL;
	request: Request;
	locals: { user: SessionUser | null; session: SessionRow | null; clientAddress: string | null };
}

export function setSessionCookie(event: EventLike, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

export function deleteSessionCookie(event: EventLike): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
}

export function clientMeta(event: EventLike): ClientMeta {
	return { ip: event.locals.clientAddress, userAgent: event.request.headers.get('user-agent') };
}

/** The client's meta for a login, with the device cookie that may spare it the account's lockout. */
export function loginMeta(event: EventLike): LoginMeta {
	return { ...clientMeta(event), deviceCookie: event.cookies.get(DEVICE_COOKIE) };
}

/** After a successful login: the session cookie, and the device cookie that marks this browser. */
export function setLoginCookies(event: EventLike, result: { token: string; session: SessionRow; deviceCookie: string }) {
	setSessionCookie(event, result.token, result.session.expires_at);
	event.cookies.set(DEVICE_COOKIE, result.deviceCookie, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS
	});
}

/** The signed-in user and session, or a 401. */
export function requireUser(event: Pick<EventLike, 'locals'>): { user: SessionUser; session: SessionRow } {
	const { user, session } = event.locals;
	if (!user || !session) throw unauthorized();
	return { user, session };
}
