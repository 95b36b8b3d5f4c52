import type { MailMessage } from '../mail/mailer';
import { NOTIFICATION_TYPE_INFO, type NotificationType } from './notification-types';

// The notification e-mail: what gathered since the last one, each with its link, and for each
// type in it a link that stops that type's e-mails; the List-Unsubscribe header stops all of them.

/** At most this many are listed; the rest are counted, with a link to the whole list. */
export const MAIL_LIST_MAX = 20;

export interface MailItem {
	type: NotificationType;
	title: string;
	message: string;
	/** Absolute. */
	url: string | null;
}

export interface NotificationMailInput {
	to: string;
	fullName: string;
	items: MailItem[];
	/** Absolute links. */
	allUrl: string;
	settingsUrl: string;
	/** One link per type in the e-mail, and one for all of them (the header's). */
	unsubscribe: { byType: Map<NotificationType, string>; all: string };
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function notificationMail(input: NotificationMailInput): MailMessage {
	const { items } = input;
	const listed = items.slice(0, MAIL_LIST_MAX);
	const more = items.length - listed.length;
	const subject = items.length === 1 ? items[0]!.title : `${items.length} new notifications on ClassCast`;
	const stops = [...input.unsubscribe.byType].map(([type, url]) => ({ label: `Stop e-mails about ${NOTIFICATION_TYPE_INFO[type].about}`, url }));

	const text = [
		`Hi ${input.fullName},`,
		'',
		items.length === 1 ? 'You have a new notification on ClassCast:' : 'You have new notifications on ClassCast:',
		'',
		...listed.flatMap((item) => [`- ${item.title}`, `  ${item.message}`, ...(item.url ? [`  ${item.url}`] : []), '']),
		...(more > 0 ? [`…and ${more} more.`, ''] : []),
		`All your notifications: ${input.allUrl}`,
		'',
		...stops.map((s) => `${s.label}: ${s.url}`),
		`Choose what you get: ${input.settingsUrl}`,
		'',
		'— ClassCast'
	].join('\n');

	const link = (url: string | null, label: string) => (url ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label));
	const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:32rem">
<p>${escapeHtml(`Hi ${input.fullName},`)}</p>
<ul style="padding-left:1.2rem">
${listed.map((item) => `<li style="margin-bottom:.6rem">${link(item.url, item.title)}<br><span style="color:#4b5563">${escapeHtml(item.message)}</span></li>`).join('\n')}
</ul>
${more > 0 ? `<p>…and ${more} more.</p>` : ''}
<p>${link(input.allUrl, 'All your notifications')}</p>
<p style="color:#6b7280;font-size:.875rem">${stops.map((s) => link(s.url, s.label)).join('<br>')}<br>${link(input.settingsUrl, 'Choose what you get')}</p>
<p>— ClassCast</p></body></html>`;

	return {
		to: input.to,
		subject,
		text,
		html,
		headers: { 'List-Unsubscribe': `<${input.unsubscribe.all}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
	};
}
