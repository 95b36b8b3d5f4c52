import type { AppContext } from '../context';
import { stopEmails } from './preferences.service';
import { verifyUnsubscribe } from './unsubscribe';

// RFC 8058's one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the
// List-Unsubscribe address, without cookies and without an Origin header. SvelteKit refuses form
// posts that lack Origin, so server/app.ts sends such POSTs to /unsubscribe here; a browser's
// POST from the confirmation page carries Origin and goes to the page's form action.

const MAX_BODY = 1024;

export function isOneClickUnsubscribe(request: Request, pathname: string): boolean {
	return request.method === 'POST' && pathname === '/unsubscribe' && request.headers.get('origin') === null;
}

export async function handleOneClickUnsubscribe(ctx: AppContext, request: Request): Promise<Response> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY) return new Response('Too large.\n', { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	const link = await verifyUnsubscribe(ctx.config, new URL(request.url).searchParams);
	if (!link) return new Response('This unsubscribe link is not valid.\n', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	await stopEmails(ctx.db, link.userId, link.types);
	ctx.logger.info({ userId: link.userId, types: link.types }, 'notification e-mails stopped by one-click unsubscribe');
	return new Response('Unsubscribed.\n', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
