import { sql, type Kysely } from 'kysely';
import { notificationVisibleTo, type NotificationReader } from '../access/notification-visibility';
import type { DB } from '../db/schema';
import type { NotificationView } from './notifications.repository';

type Executor = Kysely<DB>;

// The queries of the notification e-mail batches (notifications.email.ts).

/** Users due an e-mail: a notification has waited `delayMinutes`, and none was e-mailed within them. */
export async function usersDueEmail(db: Executor, delayMinutes: number, limit: number): Promise<number[]> {
	const cutoff = sql<Date>`now() - ${delayMinutes} * interval '1 minute'`;
	const rows = await db
		.selectFrom('notifications')
		.leftJoin('notification_email_state as s', 's.user_id', 'notifications.user_id')
		.select('notifications.user_id')
		.distinct()
		.where('notifications.email_pending', '=', true)
		.where('notifications.created_at', '<=', cutoff)
		.where((eb) => eb.or([eb('s.last_sent_at', 'is', null), eb('s.last_sent_at', '<=', cutoff)]))
		.orderBy('notifications.user_id')
		.limit(limit)
		.execute();
	return rows.map((r) => r.user_id);
}

/**
 * Holds the user's e-mail step until the transaction ends (a transaction-level advisory lock),
 * so two workers never e-mail one user at once, and says whether an e-mail went out within the window.
 */
export async function lockEmailStep(db: Executor, userId: number, delayMinutes: number): Promise<{ sentWithinWindow: boolean }> {
	await sql`select pg_advisory_xact_lock(${EMAIL_LOCK_SPACE}::int, ${userId}::int)`.execute(db);
	const row = await db
		.selectFrom('notification_email_state')
		.select(sql<boolean>`last_sent_at > now() - ${delayMinutes} * interval '1 minute'`.as('recent'))
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return { sentWithinWindow: row?.recent === true };
}
/** The first key of the advisory locks of this step (any int4 no other lock uses). */
const EMAIL_LOCK_SPACE = 80_012;

export interface PendingEmail extends NotificationView {
	/** The reader may still see what it is about. */
	visible: boolean;
}

/** The user's notifications waiting for an e-mail, oldest first. */
export function pendingEmails(db: Executor, reader: NotificationReader): Promise<PendingEmail[]> {
	return db
		.selectFrom('notifications')
		.leftJoin('comments', 'comments.id', 'notifications.comment_id')
		.selectAll('notifications')
		.select(['comments.timestamp as comment_timestamp'])
		.select(sql<string | null>`null`.as('relationship_status'))
		.select(sql<number | null>`null`.as('relationship_requested_by'))
		.select(notificationVisibleTo(reader).as('visible'))
		.where('notifications.user_id', '=', reader.id)
		.where('notifications.email_pending', '=', true)
		.orderBy('notifications.id')
		.execute();
}

/** Takes the rows off the waiting list; those in `emailed` are stamped as sent in this e-mail. */
export async function settlePending(db: Executor, userId: number, ids: number[], emailed: number[]): Promise<void> {
	if (ids.length === 0) return;
	await db
		.updateTable('notifications')
		.set((eb) => ({
			email_pending: false,
			emailed_at: emailed.length ? eb.case().when('id', 'in', emailed).then(sql<Date>`now()`).else(eb.ref('emailed_at')).end() : eb.ref('emailed_at')
		}))
		.where('user_id', '=', userId)
		.where('id', 'in', ids)
		.execute();
}

export async function recordEmailSent(db: Executor, userId: number): Promise<void> {
	await db
		.insertInto('notification_email_state')
		.values({ user_id: userId, last_sent_at: sql<Date>`now()` })
		.onConflict((oc) => oc.column('user_id').doUpdateSet({ last_sent_at: sql<Date>`now()` }))
		.execute();
}
