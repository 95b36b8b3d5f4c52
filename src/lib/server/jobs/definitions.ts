import { z } from 'zod';
import type { JobDefinition, JobHandler } from './types';

const mailMessage = z.object({
	to: z.email(),
	subject: z.string().min(1).max(300),
	text: z.string().min(1),
	html: z.string().optional(),
	headers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/), z.string().max(2000)).optional()
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
	/**
	 * One video's transcode: probe, thumbnail, ladder, publish, `ready`. A refusal (not a video)
	 * ends it at once; a crash or a killed worker is retried, and the last failure marks the video
	 * `error`, so none stays `processing` forever.
	 */
	'video.transcode': {
		payload: z.object({ videoId: z.number().int().positive() }),
		policy: {
			retryLimit: 3,
			retryDelay: 30,
			retryDelayMax: 10 * 60,
			// A 3-hour source at 1080p may take that long on a small machine; heartbeats catch a dead worker far sooner.
			expireInSeconds: 4 * 60 * 60,
			heartbeatSeconds: 30,
			deleteAfterSeconds: 24 * 60 * 60,
			// ffmpeg uses every core it is given: one transcode at a time per process.
			concurrency: 1
		}
	},
	/**
	 * Each minute: every user whose oldest waiting notification is older than
	 * NOTIFICATION_EMAIL_DELAY_MINUTES, and who was not e-mailed within it, gets one e-mail with
	 * everything still unread (the e-mail itself is a `mail.send` job, written in the same step).
	 */
	'notifications.send-emails': {
		payload: z.object({}),
		policy: { retryLimit: 2, retryDelay: 30, expireInSeconds: 5 * 60, deleteAfterSeconds: 60 * 60, schedule: '* * * * *' }
	},
	/** The hourly removal of tus uploads nobody finished or claimed within a day. */
	'uploads.purge-abandoned': {
		payload: z.object({}),
		policy: { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60, deleteAfterSeconds: 24 * 60 * 60, schedule: '30 * * * *' }
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
