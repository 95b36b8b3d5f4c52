import type { AppContext } from '../context';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import type { EmitToUser } from '../jobs/types';
import type { NotificationPayload } from '../../realtime/notifications';
import { toNotification } from './notifications.dto';
import {
	countUnread,
	insertNotification,
	listNotifications,
	markAllRead,
	markRead
} from './notifications.repository';
import { notifySchema, type NotificationListQuery, type NotifyInput } from './notifications.schemas';

/** A notification saved in a transaction, waiting to be pushed once that transaction commits. */
export interface NotificationPush {
	userId: number;
	notification: NotificationPayload;
}

/**
 * Saves a notification through `trx`, the transaction of whatever caused it, and returns what to
 * push. The caller pushes it (`pushNotification`) only after the commit, so nobody is told about
 * something that was rolled back.
 */
export async function notify(trx: Database, input: NotifyInput): Promise<NotificationPush> {
	const { userId, type, title, message, relatedId } = notifySchema.parse(input);
	const row = await insertNotification(trx, {
		user_id: userId,
		type,
		title,
		content: message,
		related_id: relatedId ?? null
	});
	return { userId, notification: toNotification(row) };
}

/** Sends `notification:new` to the user's room: `emit` is ctx.realtime's, or a job's `deps.emit`. */
export function pushNotification(emit: EmitToUser, push: NotificationPush): void {
	emit(push.userId, 'notification:new', push.notification);
}

/** One page of the caller's notifications, newest first, with the bell's unread count. */
export async function listForUser(ctx: AppContext, userId: number, query: NotificationListQuery) {
	const rows = await listNotifications(ctx.db, userId, { beforeId: query.cursor, limit: query.limit + 1 });
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		notifications: page.map(toNotification),
		nextCursor: rows.length > query.limit && last ? String(last.id) : null,
		unreadCount: await countUnread(ctx.db, userId)
	};
}

export function unreadCount(ctx: AppContext, userId: number): Promise<number> {
	return countUnread(ctx.db, userId);
}

/** Marks one of the caller's notifications read; someone else's is not found. */
export async function readOne(ctx: AppContext, userId: number, id: number): Promise<NotificationPayload> {
	const row = await markRead(ctx.db, userId, id);
	if (!row) throw notFound('Notification');
	return toNotification(row);
}

export async function readAll(ctx: AppContext, userId: number): Promise<{ updated: number }> {
	return { updated: await markAllRead(ctx.db, userId) };
}
