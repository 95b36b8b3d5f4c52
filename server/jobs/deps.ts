import type { AppContext } from '../../src/lib/server/context';
import type { EmitToUser, JobDeps } from '../../src/lib/server/jobs/index';
import type { MediaTools } from '../../src/lib/server/videos/transcode.job';
import { MediaRefusedError } from '../media/probe';
import { publishOrder, transcodeVideo, withWorkDir } from '../media/transcode';

/** The media core behind the transcode job's interface. */
export const mediaTools: MediaTools = {
	withWorkDir,
	async transcode({ input, workDir, signal, onProgress, onPlayable }) {
		const early: string[] = [];
		const result = await transcodeVideo({
			input,
			workDir,
			signal,
			onProgress,
			onPlayable: async (files, partial) => {
				early.push(...files.map((file) => file.key).filter((key) => key !== 'master.m3u8'));
				await onPlayable(files, partial);
			}
		});
		return { files: publishOrder(result, { skip: early }), outcome: result };
	},
	refusalOf: (error) => (error instanceof MediaRefusedError ? error.message : undefined)
};

/**
 * What job handlers get in this process. Events go out through the context's emitter: the web
 * process's Socket.IO server (and its Redis adapter) when one is attached, the Redis emitter in
 * the worker process, so a job's push reaches the user's sockets on every node.
 */
export function jobDeps(ctx: AppContext): JobDeps {
	const emit: EmitToUser = (userId, event, ...args) => ctx.realtime.toUser(userId).emit(event, ...args);
	return {
		config: ctx.config,
		db: ctx.db,
		mailer: ctx.mailer,
		logger: ctx.logger,
		emit,
		storage: ctx.storage,
		realtime: ctx.realtime,
		media: mediaTools,
		publicOrigin: ctx.publicOrigin,
		enqueueMail: (trx, message) => ctx.jobs.enqueue(trx, 'mail.send', message).then(() => undefined)
	};
}
