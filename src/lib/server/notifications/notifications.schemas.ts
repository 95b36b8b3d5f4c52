import { z } from 'zod';

/** Input of `notify()`: what a producer (sharing, a finished transcode, a comment) says. */
export const notifySchema = z.object({
	userId: z.number().int().positive(),
	type: z.string().min(1).max(50),
	title: z.string().min(1).max(255),
	message: z.string().min(1).max(5000),
	relatedId: z.number().int().positive().optional()
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
		.default(20)
});
export type NotificationListQuery = z.output<typeof notificationListSchema>;
