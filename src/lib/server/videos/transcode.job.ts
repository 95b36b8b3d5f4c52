// The transcode job's orchestration: fetch the original, run the media core, publish the files in
// an order where nothing points at a file that is not stored yet, and flip the row to `ready`
// last. The media core (ffmpeg, server/media/) is handed in as `MediaTools`, so this module stays
// plain TypeScript that the SvelteKit bundle can carry.
import { join } from 'node:path';
import type { Database } from '../db/database';
import type { StoredRendition } from '../db/schema.video';
import type { Logger } from '../logger';
import { notify, pushNotification } from '../notifications/notifications.service';
import type { EmitToUser } from '../jobs/types';
import type { RealtimeEmitter } from '../realtime/emitter';
import type { Storage } from '../storage/storage';
import { storeRecordedFile } from '../storage/stored-files.service';
import { publishVideoProgress, publishVideoUpdated } from './video-events';
import { findVideoWithOwner, updateVideo } from './videos.repository';

/** A file of the finished (or early) transcode, in the order it must be stored. */
export interface MediaFile {
	path: string;
	/** the key's last part, e.g. `hd.mp4` */
	key: string;
	contentType: string;
	kind: 'video_rendition' | 'video_playlist' | 'video_thumbnail';
}

export interface TranscodeOutcome {
	durationSeconds: number;
	width: number;
	height: number;
	renditions: { name: string; width: number; height: number; bandwidth: number }[];
}

/** What the job needs of the media core; server/jobs/deps.ts wires it to server/media/. */
export interface MediaTools {
	withWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T>;
	/**
	 * Transcodes `input`; calls `onPlayable` with the first playable files, and returns the final
	 * files in publish order (those already published left out, the master last).
	 */
	transcode(options: {
		input: string;
		workDir: string;
		signal: AbortSignal;
		onProgress(fraction: number): void;
		onPlayable(files: MediaFile[], outcome: TranscodeOutcome): Promise<void>;
	}): Promise<{ files: MediaFile[]; outcome: TranscodeOutcome }>;
	/** The sentence for the uploader when the file is not something we process; else undefined. */
	refusalOf(error: unknown): string | undefined;
}

export interface TranscodeDeps {
	db: Database;
	storage: Storage;
	logger: Logger;
	realtime: RealtimeEmitter;
	emit: EmitToUser;
	media: MediaTools;
}

const PROGRESS_WRITE_MS = 1000;
const FINAL_FAILURE = 'We could not process this video. Please try uploading it again.';

const folderOf = (video: { id: number; user_id: number }) => `videos/${video.user_id}/${video.id}`;

const stored = (folder: string, outcome: TranscodeOutcome): StoredRendition[] =>
	outcome.renditions.map((r) => ({
		name: `${Math.min(r.width, r.height)}p`,
		width: r.width,
		height: r.height,
		bandwidth: r.bandwidth,
		key: `${folder}/${r.name}.mp4`
	}));

/** What the row says about its published media: the same keys early and at the end. */
const mediaColumns = (folder: string, outcome: TranscodeOutcome) => ({
	playlist_key: `${folder}/master.m3u8`,
	thumbnail_key: `${folder}/thumbnail.jpg`,
	duration: outcome.durationSeconds,
	width: outcome.width,
	height: outcome.height,
	renditions: JSON.stringify(stored(folder, outcome))
});

/** Runs one transcode; a refusal ends the video `error` with its reason, anything else is retried. */
export async function runTranscode(videoId: number, deps: TranscodeDeps, signal: AbortSignal): Promise<void> {
	const video = await findVideoWithOwner(deps.db, videoId);
	// Deleted meanwhile, or a retry of a job that already finished: nothing to do.
	if (!video || video.video_status !== 'processing' || !video.original_key) return;
	const folder = folderOf(video);
	const owner = { id: video.id, userId: video.user_id };
	const publish = async (files: MediaFile[]) => {
		for (const file of files) {
			await storeRecordedFile(deps, {
				key: `${folder}/${file.key}`,
				ownerId: video.user_id,
				kind: file.kind,
				videoId: video.id,
				contentType: file.contentType,
				source: { path: file.path }
			});
		}
	};
	let lastWrite = 0;
	const onProgress = (fraction: number) => {
		publishVideoProgress(deps, { ...owner, status: 'processing' }, fraction);
		const now = Date.now();
		if (now - lastWrite < PROGRESS_WRITE_MS) return;
		lastWrite = now;
		void updateVideo(deps.db, video.id, { progress: Math.min(1, Math.max(0, fraction)) }).catch((error: Error) =>
			deps.logger.warn({ err: error, videoId }, 'transcode progress not saved')
		);
	};

	try {
		await deps.media.withWorkDir(async (workDir) => {
			const input = join(workDir, 'original');
			const original = await deps.storage.read(video.original_key!);
			if (!original) throw new Error(`the original of video ${video.id} is missing from storage`);
			await Bun.write(input, new Response(original.body));
			const { files, outcome } = await deps.media.transcode({
				input,
				workDir,
				signal,
				onProgress,
				// Playable within seconds: the first rendition and a master naming it.
				onPlayable: async (early, partial) => {
					await publish(early);
					await updateVideo(deps.db, video.id, mediaColumns(folder, partial));
					await publishVideoUpdated(deps, video.id);
				}
			});
			await publish(files);
			await finish(deps, video, { status: 'ready', changes: mediaColumns(folder, outcome) });
		});
	} catch (error) {
		const refusal = deps.media.refusalOf(error);
		if (refusal === undefined) throw error;
		deps.logger.info({ videoId, reason: refusal }, 'video refused');
		await finish(deps, video, { status: 'error', reason: refusal });
	}
}

/** After the last retry: the video ends `error` with a reason, never `processing` forever. */
export async function failTranscode(videoId: number, deps: Omit<TranscodeDeps, 'media'>): Promise<void> {
	const video = await findVideoWithOwner(deps.db, videoId);
	if (!video || video.video_status !== 'processing') return;
	await finish(deps, video, { status: 'error', reason: FINAL_FAILURE });
}

type Finish =
	| { status: 'ready'; changes: Parameters<typeof updateVideo>[2] }
	| { status: 'error'; reason: string };

/** The row's last word and the owner's notification in one transaction; the pushes after it. */
async function finish(deps: Omit<TranscodeDeps, 'media'>, video: { id: number; user_id: number; title: string }, end: Finish) {
	const push = await deps.db.transaction().execute(async (trx) => {
		if (end.status === 'ready') {
			await updateVideo(trx, video.id, { ...end.changes, video_status: 'ready', progress: 1, error_reason: null });
		} else {
			await updateVideo(trx, video.id, { video_status: 'error', error_reason: end.reason });
		}
		return notify(trx, {
			userId: video.user_id,
			type: end.status === 'ready' ? 'video_ready' : 'video_failed',
			title: end.status === 'ready' ? 'Your video is ready' : 'Your video could not be processed',
			message: end.status === 'ready' ? video.title : `${video.title}: ${end.reason}`,
			relatedId: video.id
		});
	});
	publishVideoProgress(deps, { id: video.id, userId: video.user_id, status: end.status }, end.status === 'ready' ? 1 : 0);
	await publishVideoUpdated(deps, video.id);
	pushNotification(deps.emit, push);
}
