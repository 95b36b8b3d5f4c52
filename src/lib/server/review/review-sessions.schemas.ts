import { z } from 'zod';

/** The most people one host invites to a session: a lesson, not a lecture. */
export const MAX_INVITEES = 8;

const userId = z.number({ error: 'Each invitee must be a user id.' }).int('Each invitee must be a user id.').positive('Each invitee must be a user id.');

export const startSessionSchema = z
	.object({
		inviteeIds: z
			.array(userId, { error: 'inviteeIds must be a list of user ids.' })
			.min(1, 'Invite at least one person.')
			.max(MAX_INVITEES, `Invite at most ${MAX_INVITEES} people.`)
			.transform((ids) => [...new Set(ids)])
	})
	.strict();
export type StartSessionInput = z.infer<typeof startSessionSchema>;

/** The most ended sessions one GET answers with. */
export const RECORDS_PAGE_MAX = 50;

/**
 * `GET /api/videos/{id}/review-sessions`: the live sessions (default), or with `status=ended`
 * the record of those that ended, newest first, paged by `before` (the last id of a page).
 */
export const listSessionsSchema = z.object({
	status: z.enum(['active', 'ended'], { error: 'status must be active or ended.' }).default('active'),
	limit: z.coerce
		.number({ error: 'limit must be a number.' })
		.int('limit must be a whole number.')
		.min(1, 'limit must be at least 1.')
		.max(RECORDS_PAGE_MAX, `limit must be at most ${RECORDS_PAGE_MAX}.`)
		.default(20),
	before: z
		.string({ error: 'before must be a session id.' })
		.regex(/^[1-9]\d{0,9}$/, 'before must be a session id.')
		.transform(Number)
		.refine((n) => n <= 2_147_483_647, 'before must be a session id.')
		.optional()
});
export type ListSessionsQuery = z.infer<typeof listSessionsSchema>;
