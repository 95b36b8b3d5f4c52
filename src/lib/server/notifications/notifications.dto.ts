import type { NotificationPayload } from '../../realtime/notifications';
import type { NotificationView } from './notifications.repository';

/** A time in seconds as a `t` parameter: milliseconds kept, no trailing zeros. */
const seconds = (t: number) => String(Math.round(t * 1000) / 1000);

/** The page a notification is about, computed here so no client guesses at ids. */
export function hrefOf(view: Pick<NotificationView, 'type' | 'related_id' | 'comment_timestamp'>): string | null {
	const id = view.related_id;
	if (id === null) return null;
	switch (view.type) {
		case 'video_shared':
		case 'video_ready':
		case 'video_failed':
			return `/videos/${id}`;
		case 'comment':
			return view.comment_timestamp === null ? `/videos/${id}` : `/videos/${id}?t=${seconds(view.comment_timestamp)}`;
		case 'relationship_requested':
		case 'relationship_accepted':
			return '/relationships';
		case 'progress_recorded':
			return '/progress';
		case 'review_invited':
			return `/review/${id}`;
		default:
			return null;
	}
}

/** The JSON shape of a notification for its reader, in the API and in the `notification:new` push. */
export function toNotification(view: NotificationView): NotificationPayload {
	const answerable = view.type === 'relationship_requested' && view.relationship_status === 'pending' && view.relationship_requested_by !== view.user_id;
	const relationshipId = answerable ? view.related_id : null;
	return {
		id: view.id,
		type: view.type,
		title: view.title,
		message: view.content,
		relatedId: view.related_id,
		read: view.is_read === true,
		createdAt: view.created_at.toISOString(),
		href: hrefOf(view),
		request: relationshipId === null ? null : { relationshipId }
	};
}
