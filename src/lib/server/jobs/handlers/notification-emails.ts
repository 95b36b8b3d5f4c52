import { sendNotificationEmails } from '../../notifications/notifications.email';
import type { AppJobHandler } from '../definitions';

/** The minute's notification e-mails; a failed run is retried, and the next minute's run catches up anyway. */
export const sendNotificationEmailsJob: AppJobHandler<'notifications.send-emails'> = {
	async run(_payload, deps) {
		const sent = await sendNotificationEmails(deps);
		if (sent > 0) deps.logger.info({ sent }, 'notification e-mails enqueued');
	}
};
