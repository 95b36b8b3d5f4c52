import type { Insertable, Kysely, Selectable } from 'kysely';
import { notificationVisibleTo, type NotificationReader } from '../access/notification-visibility';
import type { DB } from '../db/schema';
import type { NotificationsTable } from '../db/schema.content';

type Executor = Kysely<DB>;
export type NotificationRow = Selectable<NotificationsTable>;

/** A notification with what its link and its in-place actions need. */
export interface NotificationView extends NotificationRow {
	comment_timestamp: number | null;
	relationship_status: string | null;
	relationship_requested_by: number | null;
}

export function insertNotification(db: Executor, row: Insertable<NotificationsTable>): Promise<NotificationRow> {
	return db.insertInto('notifications').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Notifications joined to the comment and the relationship request they are about. */
function views(db: Executor) {
	return db
		.selectFrom('notifications')
		.leftJoin('comments', 'comments.id', 'notifications.comment_id')
		.leftJoin('student_teacher_relationships as r', (join) =>
			join.onRef('r.id', '=', 'notifications.related_id').on('notifications.type', '=', 'relationship_requested')
		)
		.selectAll('notifications')
		.select(['comments.timestamp as comment_timestamp', 'r.status as relationship_status', 'r.requested_by as relationship_requested_by']);
}

/** What the bell may show a reader: their own in-app notifications about what they may still see. */
function shownTo(db: Executor, reader: NotificationReader) {
	return views(db).where('notifications.user_id', '=', reader.id).where('notifications.in_app', '=', true).where(notificationVisibleTo(reader));
}

export function findNotificationView(db: Executor, id: number): Promise<NotificationView | undefined> {
	return views(db).where('notifications.id', '=', id).executeTakeFirst();
}

/** A reader's notifications, newest first; `beforeId` is the keyset cursor (ids only grow). */
export function listNotifications(
	db: Executor,
	reader: NotificationReader,
	page: { beforeId?: number; limit: number; unreadOnly?: boolean }
): Promise<NotificationView[]> {
	let q = shownTo(db, reader);
	if (page.beforeId !== undefined) q = q.where('notifications.id', '<', page.beforeId);
	if (page.unreadOnly) q = q.where('notifications.is_read', 'is not', true);
	return q.orderBy('notifications.id', 'desc').limit(page.limit).execute();
}

/** What the bell counts. `is_read` is nullable in the seed's schema: NULL counts as unread. */
export async function countUnread(db: Executor, reader: NotificationReader): Promise<number> {
	const { count } = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('notifications.user_id', '=', reader.id)
		.where('notifications.in_app', '=', true)
		.where('notifications.is_read', 'is not', true)
		.where(notificationVisibleTo(reader))
		.executeTakeFirstOrThrow();
	return Number(count);
}

/** Marks one notification the reader is shown read; undefined when they are shown no such notification. */
export async function markRead(db: Executor, reader: NotificationReader, id: number): Promise<NotificationView | undefined> {
	const shown = await shownTo(db, reader).where('notifications.id', '=', id).executeTakeFirst();
	if (!shown) return undefined;
	await db.updateTable('notifications').set({ is_read: true }).where('id', '=', id).execute();
	return { ...shown, is_read: true };
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllRead(db: Executor, userId: number): Promise<number> {
	const result = await db
		.updateTable('notifications')
		.set({ is_read: true })
		.where('user_id', '=', userId)
		.where('is_read', 'is not', true)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
