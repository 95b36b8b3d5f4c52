import { fail } from '@sveltejs/kit';
import { NOTIFICATION_TYPE_INFO } from '$lib/server/notifications/notification-types';
import { stopEmails } from '$lib/server/notifications/preferences.service';
import { verifyUnsubscribe } from '$lib/server/notifications/unsubscribe';
import type { Actions, PageServerLoad } from './$types';

// The e-mails' one-click unsubscribe link (RFC 8058), no sign-in needed: the link is signed.
// Opening it only shows what it stops and a button, since mail scanners open links; the POST,
// from that button or from a mail client's List-Unsubscribe-Post, turns the e-mails off.

export const load: PageServerLoad = async ({ url, locals }) => {
	const link = await verifyUnsubscribe(locals.ctx.config, url.searchParams);
	return {
		title: 'Stop notification e-mails',
		valid: link !== undefined,
		about: link?.types.map((type) => NOTIFICATION_TYPE_INFO[type].about) ?? []
	};
};

export const actions: Actions = {
	default: async ({ url, locals }) => {
		const link = await verifyUnsubscribe(locals.ctx.config, url.searchParams);
		if (!link) return fail(400, { message: 'This unsubscribe link is not valid.' });
		await stopEmails(locals.ctx.db, link.userId, link.types);
		locals.ctx.logger.info({ userId: link.userId, types: link.types }, 'notification e-mails stopped by unsubscribe link');
		return { stopped: true };
	}
};
