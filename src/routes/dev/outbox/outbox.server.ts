import { error } from '@sveltejs/kit';
import { readableOutbox } from '$lib/server/mail/dev-outbox';
import type { Outbox } from '$lib/server/mail/mailer';

/** The dev outbox, or a 404: never in production, with real SMTP, or from another machine. */
export function devOutbox(locals: App.Locals): Outbox {
	const outbox = readableOutbox(locals.ctx, locals.clientAddress);
	if (!outbox) error(404, 'Not found');
	return outbox;
}

/** "21 Nov 2026, 14:05:09 UTC": the same on the server and in any browser. */
export const formatSentAt = (date: Date) =>
	`${date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;
