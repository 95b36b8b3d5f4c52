import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Logger } from '../logger';

/**
 * How the video service hands a new video to the transcoder. The job queue (pg-boss, on another
 * branch) implements it with `enqueue(trx, 'transcode', { videoId })`, so the job exists exactly
 * when the video row does. MERGE SEAM: `ctx.videoJobs` is unset until the queue lands.
 */
export interface VideoJobs {
	/** Enqueues the transcode inside the transaction that creates the video. */
	enqueueTranscode(trx: Kysely<DB>, videoId: number): Promise<void>;
}

/** Enqueues through the context's job queue; without one, the video waits (and says so in the log). */
export async function enqueueTranscode(
	deps: { videoJobs?: VideoJobs; logger: Logger },
	trx: Kysely<DB>,
	videoId: number
): Promise<void> {
	if (!deps.videoJobs) {
		deps.logger.warn({ videoId }, 'no job queue configured: the transcode was not enqueued');
		return;
	}
	await deps.videoJobs.enqueueTranscode(trx, videoId);
}
