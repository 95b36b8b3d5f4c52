import type { MailMessage } from './mailer';

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(options: { to: string; subject: string; greeting: string; lines: string[]; action: { label: string; url: string } }): MailMessage {
	const { to, subject, greeting, lines, action } = options;
	const text = [greeting, '', ...lines, '', `${action.label}: ${action.url}`, '', '— ClassCast'].join('\n');
	const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:32rem">
<p>${escapeHtml(greeting)}</p>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#6b7280;font-size:.875rem">Or open this address: ${escapeHtml(action.url)}</p>
<p>— ClassCast</p></body></html>`;
	return { to, subject, text, html };
}

export function verificationMail(options: { to: string; fullName: string; url: string; hours: number }): MailMessage {
	return layout({
		to: options.to,
		subject: 'Confirm your e-mail for ClassCast',
		greeting: `Hi ${options.fullName},`,
		lines: [
			'Welcome to ClassCast. Confirm this address to finish creating your account.',
			`The link works once and expires in ${options.hours} hours.`
		],
		action: { label: 'Confirm e-mail', url: options.url }
	});
}

export function resetPasswordMail(options: { to: string; fullName: string; url: string }): MailMessage {
	return layout({
		to: options.to,
		subject: 'Reset your ClassCast password',
		greeting: `Hi ${options.fullName},`,
		lines: [
			'Someone asked to reset the password of your ClassCast account. If it was not you, ignore this e-mail.',
			'The link works once and expires in one hour. Resetting signs you out everywhere.'
		],
		action: { label: 'Choose a new password', url: options.url }
	});
}
