import type { AppJobHandler } from '../definitions';

/** Hands one message to the mailer; a refusal or timeout throws, and pg-boss retries with backoff. */
export const sendMail: AppJobHandler<'mail.send'> = {
	async run(message, { mailer }) {
		await mailer.send(message);
	},
	async onFinalFailure(message, { logger }, failure) {
		// Only the envelope: the body may hold a single-use link.
		logger.error({ to: message.to, subject: message.subject, reason: failure.message }, 'mail could not be delivered');
	}
};
