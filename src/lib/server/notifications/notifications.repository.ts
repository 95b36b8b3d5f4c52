import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema';
import type { NotificationsTable } from '../db/schema.content';

type Executor = Kysely<DB>;
export type NotificationRow = Selectable<NotificationsTable>;

export function insertNotification(db: Executor, row: Insertable<NotificationsTable>): Promise<NotificationRow> {
	return db.insertInto('notifications').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A user's notifications, newest first; `beforeId` is the keyset cursor (ids only grow). */
export function listNotifications(
	db: Executor,
	userId: number,
	page: { beforeId?: number; limit: number }
): Promise<NotificationRow[]> {
	let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
	if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
	return q.orderBy('id', 'desc').limit(page.limit).execute();
}

/** What the bell shows. `is_read` is nullable in the seed's schema: NULL counts as unread. */
export async function countUnread(db: Executor, userId: number): Promise<number> {
	const { count } = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('user_id', '=', userId)
		.where((eb) => eb.or([eb('is_read', '=', false), eb('is_read', 'is', null)]))
		.executeTakeFirstOrThrow();
	return Number(count);
}

/** Marks one of the user's notifications read; undefined when the user has no such notification. */
export function markRead(db: Executor, userId: number, id: number): Promise<NotificationRow | undefined> {
	return db
		.updateTable('notifications')
		.set({ is_read: true })
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.returningAll()
		.executeTakeFirst();
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllRead(db: Executor, userId: number): Promise<number> {
	const result = await db
		.updateTable('notifications')
		.set({ is_read: true })
		.where('user_id', '=', userId)
		.where((eb) => eb.or([eb('is_read', '=', false), eb('is_read', 'is', null)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
