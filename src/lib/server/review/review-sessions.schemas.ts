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
