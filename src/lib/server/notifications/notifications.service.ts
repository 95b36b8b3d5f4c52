import type { AccessUser } from '../access/decision';
import type { AppContext } from '../context';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import type { EmitToUser } from '../jobs/types';
import type { NotificationPayload } from '../../realtime/notifications';
import { toNotification } from './notifications.dto';
import {
	countUnread,
	findNotificationView,
	insertNotification,
	listNotifications,
	markAllRead,
	markRead
} from './notifications.repository';
import { notifySchema, type NotificationListQuery, type NotifyInput } from './notifications.schemas';
import { channelsFor } from './preferences.service';

/** A notification saved in a transaction, waiting to be pushed once that transaction commits. */
export interface NotificationPush {
	userId: number;
	/** Null when the user turned this type's in-app notifications off: nothing to push. */
	notification: NotificationPayload | null;
}

/**
 * Saves a notification through `trx`, the transaction of whatever caused it, and returns what to
 * push. The caller pushes it (`pushNotification`) only after the commit, so nobody is told about
 * something that was rolled back. The user's preference for the type decides what is kept: with
 * both channels off nothing is written; with in-app off and e-mail on the row is written hidden
 * from the bell (`in_app = false`), only for the next e-mail; with e-mail on it waits for that e-mail.
 */
export async function notify(trx: Database, input: NotifyInput): Promise<NotificationPush> {
	const { userId, type, title, message, relatedId, commentId } = notifySchema.parse(input);
	const channels = await channelsFor(trx, userId, type);
	if (!channels.inApp && !channels.email) return { userId, notification: null };
	const row = await insertNotification(trx, {
		user_id: userId,
		type,
		title,
		content: message,
		related_id: relatedId ?? null,
		comment_id: commentId ?? null,
		in_app: channels.inApp,
		email_pending: channels.email
	});
	if (!channels.inApp) return { userId, notification: null };
	const view = await findNotificationView(trx, row.id);
	return { userId, notification: view ? toNotification(view) : null };
}

/** Sends `notification:new` to the user's room: `emit` is ctx.realtime's, or a job's `deps.emit`. */
export function pushNotification(emit: EmitToUser, push: NotificationPush): void {
	if (push.notification) emit(push.userId, 'notification:new', push.notification);
}

type Reader = Pick<AccessUser, 'id' | 'verified'>;

/**
 * One page of what the reader is shown, newest first, with the bell's unread count. A notification
 * about something the reader may no longer see (a video no longer shared, a session they were
 * removed from) is left out of both.
 */
export async function listForUser(ctx: AppContext, reader: Reader, query: NotificationListQuery) {
	const rows = await listNotifications(ctx.db, reader, { beforeId: query.cursor, limit: query.limit + 1, unreadOnly: query.unread });
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		notifications: page.map(toNotification),
		nextCursor: rows.length > query.limit && last ? String(last.id) : null,
		unreadCount: await countUnread(ctx.db, reader)
	};
}

export function unreadCount(ctx: AppContext, reader: Reader): Promise<number> {
	return countUnread(ctx.db, reader);
}

/** Marks one of the caller's notifications read; someone else's, or one they are not shown, is not found. */
export async function readOne(ctx: AppContext, reader: Reader, id: number): Promise<NotificationPayload> {
	const view = await markRead(ctx.db, reader, id);
	if (!view) throw notFound('Notification');
	return toNotification(view);
}

export async function readAll(ctx: AppContext, userId: number): Promise<{ updated: number }> {
	return { updated: await markAllRead(ctx.db, userId) };
}
