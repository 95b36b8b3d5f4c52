import { devOutbox, formatSentAt } from './outbox.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, request }) => {
	const outbox = devOutbox(locals, request);
	return {
		title: 'Development outbox',
		// The outbox keeps the newest first.
		mails: outbox.list().map((m) => ({
			id: m.id,
			to: m.to,
			subject: m.subject,
			sentAt: m.sentAt.toISOString(),
			sentAtLabel: formatSentAt(m.sentAt)
		}))
	};
};
