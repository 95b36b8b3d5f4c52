import { error } from '@sveltejs/kit';
import { devOutbox, formatSentAt } from '../outbox.server';
import type { PageServerLoad } from './$types';

type Segment = { text: string; href?: string };

/**
 * A mail's text as lines of plain text and links. Only URLs on this app's origin become links, so
 * text a user typed (a name, say) can never turn into a link to elsewhere.
 */
function linkify(text: string, origins: Set<string>): Segment[][] {
	return text.split('\n').map((line) => {
		const segments: Segment[] = [];
		let last = 0;
		for (const match of line.matchAll(/https?:\/\/[^\s<>"']+/g)) {
			const url = match[0].replace(/[.,;:!?)]+$/, '');
			const start = match.index;
			let origin: string | null = null;
			try {
				origin = new URL(url).origin;
			} catch {
				origin = null;
			}
			if (!origin || !origins.has(origin)) continue;
			if (start > last) segments.push({ text: line.slice(last, start) });
			segments.push({ text: url, href: url });
			last = start + url.length;
		}
		if (last < line.length) segments.push({ text: line.slice(last) });
		return segments;
	});
}

export const load: PageServerLoad = ({ locals, params, url, request }) => {
	const mail = devOutbox(locals, request).get(Number(params.id));
	if (!mail) error(404, 'This mail is not in the outbox (it may have been dropped after a restart).');
	const origins = new Set([url.origin, locals.ctx.publicOrigin].filter((o): o is string => !!o));
	return {
		title: mail.subject,
		mail: {
			id: mail.id,
			to: mail.to,
			subject: mail.subject,
			sentAt: mail.sentAt.toISOString(),
			sentAtLabel: formatSentAt(mail.sentAt),
			lines: linkify(mail.text, origins)
		}
	};
};
