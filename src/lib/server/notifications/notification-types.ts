// Every kind of notification ClassCast sends: what the settings page calls it and what a user
// gets until they change it. A producer uses one of these types (notify() refuses others), and
// the read-time visibility rule of each lives in `notification-visibility.ts`.

export const NOTIFICATION_TYPES = [
	'video_shared',
	'video_ready',
	'video_failed',
	'comment',
	'relationship_requested',
	'relationship_accepted',
	'progress_recorded',
	'review_invited'
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationTypeInfo {
	/** The settings page's row name. */
	label: string;
	/** The same, in "Stop e-mails about …" and the unsubscribe page. */
	about: string;
	defaults: { inApp: boolean; email: boolean };
}

export const NOTIFICATION_TYPE_INFO: Record<NotificationType, NotificationTypeInfo> = {
	video_shared: { label: 'A video is shared with me', about: 'videos shared with you', defaults: { inApp: true, email: true } },
	video_ready: { label: 'My video is ready to watch', about: 'your videos becoming ready', defaults: { inApp: true, email: false } },
	video_failed: { label: 'My video could not be processed', about: 'your videos failing to process', defaults: { inApp: true, email: true } },
	comment: { label: 'Comments and replies on my videos and comments', about: 'comments and replies', defaults: { inApp: true, email: true } },
	relationship_requested: { label: 'Teacher or student requests', about: 'teacher and student requests', defaults: { inApp: true, email: true } },
	relationship_accepted: { label: 'My requests accepted', about: 'accepted requests', defaults: { inApp: true, email: true } },
	progress_recorded: { label: 'A teacher records my progress', about: 'progress records', defaults: { inApp: true, email: true } },
	review_invited: { label: 'Invitations to a live review', about: 'live review invitations', defaults: { inApp: true, email: true } }
};

export const isNotificationType = (type: string): type is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(type);
