import type { NotificationPayload } from '../../realtime/notifications';
import type { NotificationRow } from './notifications.repository';

/** The JSON shape of a notification, in the API and in the `notification:new` push. */
export function toNotification(row: NotificationRow): NotificationPayload {
	return {
		id: row.id,
		type: row.type,
		title: row.title,
		message: row.content,
		relatedId: row.related_id,
		read: row.is_read === true,
		createdAt: row.created_at.toISOString()
	};
}
