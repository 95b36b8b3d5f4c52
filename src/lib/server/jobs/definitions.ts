import { z } from 'zod';
import type { JobDefinition, JobHandler } from './types';

const mailMessage = z.object({
	to: z.email(),
	subject: z.string().min(1).max(300),
	text: z.string().min(1),
	html: z.string().optional()
});

/**
 * Every job ClassCast runs: its name, the payload it carries (checked when it is enqueued and again
 * when it runs) and how pg-boss retries it. A handler for each lives in `handlers/`.
 */
export const jobDefinitions = {
	/** One e-mail. The body may hold a single-use link, so completed jobs are removed within the hour. */
	'mail.send': {
		payload: mailMessage,
		policy: {
			retryLimit: 8,
			retryDelay: 2,
			retryDelayMax: 10 * 60,
			expireInSeconds: 2 * 60,
			// A worker killed while talking to the mail server gives the mail back after 10 s.
			heartbeatSeconds: 10,
			deleteAfterSeconds: 60 * 60,
			// Mail servers answer slowly; a few at a time keeps a burst of sign-ups from queueing.
			concurrency: 4
		}
	},
	/** The hourly purge of expired sessions and dead e-mail tokens (once per hour across all nodes). */
	'auth.purge-expired-credentials': {
		payload: z.object({}),
		policy: { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60, deleteAfterSeconds: 24 * 60 * 60, schedule: '0 * * * *' }
	}
} satisfies Record<string, JobDefinition>;

export type AppJobs = typeof jobDefinitions;
export type AppJobName = keyof AppJobs;

/** The handler type of one app job, payload typed from its schema. */
export type AppJobHandler<N extends AppJobName> = JobHandler<z.output<AppJobs[N]['payload']>>;
