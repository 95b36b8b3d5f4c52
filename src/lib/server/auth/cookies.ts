import type { Cookies } from '@sveltejs/kit';
import { unauthorized } from '../errors';
import type { SessionRow, SessionUser } from '../db/schema';
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

/** The signed-in user and session, or a 401. */
export function requireUser(event: Pick<EventLike, 'locals'>): { user: SessionUser; session: SessionRow } {
	const { user, session } = event.locals;
	if (!user || !session) throw unauthorized();
	return { user, session };
}
