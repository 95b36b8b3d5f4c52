import { z } from 'zod';
import { NOTIFICATION_TYPES } from './notification-types';

const notificationType = z.enum(NOTIFICATION_TYPES, { error: 'Unknown notification type.' });

/** Input of `notify()`: what a producer (sharing, a finished transcode, a comment) says. */
export const notifySchema = z.object({
	userId: z.number().int().positive(),
	type: notificationType,
	title: z.string().min(1).max(255),
	message: z.string().min(1).max(5000),
	relatedId: z.number().int().positive().optional(),
	/** For a `comment`: the comment itself, so the link opens the video at its moment. */
	commentId: z.number().int().positive().optional()
});
export type NotifyInput = z.input<typeof notifySchema>;

export const notificationListSchema = z.object({
	/** The id of the last notification of the previous page. */
	cursor: z
		.string()
		.regex(/^[1-9]\d{0,9}$/, 'The cursor is not valid.')
		.transform(Number)
		.refine((n) => n <= 2_147_483_647, 'The cursor is not valid.')
		.optional(),
	limit: z.coerce
		.number({ error: 'Limit must be a number.' })
		.int('Limit must be a whole number.')
		.min(1, 'Limit must be at least 1.')
		.max(100, 'Limit must be at most 100.')
		.default(20),
	/** `?unread=true`: only those not read yet. */
	unread: z.enum(['true', 'false'], { error: 'Unread must be true or false.' }).transform((v) => v === 'true').optional()
});
export type NotificationListQuery = z.output<typeof notificationListSchema>;

/** `PUT /api/notifications/preferences`: the types to change; a channel left out stays as it is. */
export const preferencesUpdateSchema = z.object({
	preferences: z
		.array(
			z.object({
				type: notificationType,
				inApp: z.boolean({ error: 'inApp must be true or false.' }).optional(),
				email: z.boolean({ error: 'email must be true or false.' }).optional()
			})
		)
		.min(1, 'Name at least one type.')
		.max(NOTIFICATION_TYPES.length, 'Too many preferences.')
		.refine((list) => new Set(list.map((p) => p.type)).size === list.length, 'A type is named twice.')
});
export type PreferencesUpdate = z.output<typeof preferencesUpdateSchema>;
