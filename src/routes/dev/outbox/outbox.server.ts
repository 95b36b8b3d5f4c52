import { error } from '@sveltejs/kit';
import { readableOutbox } from '$lib/server/mail/dev-outbox';
import type { Outbox } from '$lib/server/mail/mailer';
import { isLoopbackHost } from '$lib/server/web/host';

/**
 * The dev outbox, or a 404: never in production, with real SMTP, or from another machine; and
 * only under a loopback Host, so a page whose DNS name was rebound to 127.0.0.1 cannot read it
 * from the visitor's own browser.
 */
export function devOutbox(locals: App.Locals, request: Request): Outbox {
	const outbox = isLoopbackHost(request.headers.get('host')) ? readableOutbox(locals.ctx, locals.clientAddress) : undefined;
	if (!outbox) error(404, 'Not found');
	return outbox;
}

/** "21 Nov 2026, 14:05:09 UTC": the same on the server and in any browser. */
export const formatSentAt = (date: Date) =>
	`${date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;
