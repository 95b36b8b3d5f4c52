import { failTranscode, runTranscode } from '../../videos/transcode.job';
import type { AppJobHandler } from '../definitions';

/** Transcodes one uploaded video; see videos/transcode.job.ts. */
export const transcodeVideo: AppJobHandler<'video.transcode'> = {
	async run({ videoId }, deps, attempt) {
		await runTranscode(videoId, deps, attempt.signal);
	},
	async onFinalFailure({ videoId }, deps, failure) {
		deps.logger.error({ videoId, reason: failure.message }, 'transcode failed for good');
		await failTranscode(videoId, deps);
	}
};
