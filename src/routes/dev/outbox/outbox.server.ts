import { error } from '@sveltejs/kit';
import type { Outbox } from '$lib/server/mail/mailer';

/** The dev outbox, or a 404: it never exists in production, nor when real SMTP is configured. */
export function devOutbox(locals: App.Locals): Outbox {
	const outbox = locals.ctx.mailer.outbox;
	if (locals.ctx.config.env === 'production' || !outbox) error(404, 'Not found');
	return outbox;
}

/** "21 Nov 2026, 14:05:09 UTC": the same on the server and in any browser. */
export const formatSentAt = (date: Date) =>
	`${date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;
