import type { JobDeps } from '../jobs/types';
import { isNotificationType, type NotificationType } from './notification-types';
import { hrefOf } from './notifications.dto';
import { lockEmailStep, pendingEmails, recordEmailSent, settlePending, usersDueEmail } from './email.repository';
import { notificationMail, type MailItem } from './notification-mail';
import { channelsFor } from './preferences.service';
import { unsubscribeQuery } from './unsubscribe';

// The notification e-mails, run each minute by the `notifications.send-emails` job. A notification
// whose type the user wants by e-mail is written `email_pending`; once the oldest waiting one is
// NOTIFICATION_EMAIL_DELAY_MINUTES old, and the user was not e-mailed within that time, one
// e-mail carries every waiting one that is still unread, still wanted by e-mail and about
// something the user may still see. The rest leave the waiting list without an e-mail.

/** Users handled per run; the rest wait for the next minute. */
const USERS_PER_RUN = 500;

type EmailDeps = Pick<JobDeps, 'db' | 'config' | 'publicOrigin' | 'enqueueMail' | 'logger'>;

/** One run over every user who is due. Returns how many e-mails were enqueued. */
export async function sendNotificationEmails(deps: EmailDeps): Promise<number> {
	const delay = deps.config.notifications.emailDelayMinutes;
	let sent = 0;
	for (const userId of await usersDueEmail(deps.db, delay, USERS_PER_RUN)) {
		if (await emailUser(deps, userId)) sent++;
	}
	return sent;
}

/** One user's e-mail step, in one transaction: the rows leave the list exactly when the e-mail job is written. */
async function emailUser(deps: EmailDeps, userId: number): Promise<boolean> {
	const delay = deps.config.notifications.emailDelayMinutes;
	return deps.db.transaction().execute(async (trx) => {
		if ((await lockEmailStep(trx, userId, delay)).sentWithinWindow) return false;
		const user = await trx.selectFrom('users').select(['email', 'full_name', 'verified', 'active']).where('id', '=', userId).executeTakeFirst();
		if (!user) return false;
		const pending = await pendingEmails(trx, { id: userId, verified: user.verified });
		const ids = pending.map((p) => p.id);
		const reachable = user.verified && user.active;
		const wanted = new Map<NotificationType, boolean>();
		const included = [];
		for (const row of pending) {
			if (!reachable || row.is_read === true || !row.visible || !isNotificationType(row.type)) continue;
			if (!wanted.has(row.type)) wanted.set(row.type, (await channelsFor(trx, userId, row.type)).email);
			if (wanted.get(row.type)) included.push({ ...row, type: row.type });
		}
		await settlePending(trx, userId, ids, included.map((row) => row.id));
		if (included.length === 0) return false;

		const origin = deps.publicOrigin;
		const items: MailItem[] = included.map((row) => {
			const href = hrefOf(row);
			return { type: row.type, title: row.title, message: row.content, url: href ? `${origin}${href}` : null };
		});
		const types = [...new Set(items.map((item) => item.type))];
		const link = async (t: NotificationType[]) => `${origin}/unsubscribe?${await unsubscribeQuery(deps.config, { userId, types: t })}`;
		const byType = new Map<NotificationType, string>();
		for (const type of types) byType.set(type, await link([type]));
		const message = notificationMail({
			to: user.email,
			fullName: user.full_name,
			items,
			allUrl: `${origin}/notifications`,
			settingsUrl: `${origin}/settings/notifications`,
			unsubscribe: { byType, all: await link(types) }
		});
		await deps.enqueueMail(trx, message);
		await recordEmailSent(trx, userId);
		return true;
	});
}
