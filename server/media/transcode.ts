// A source video → thumbnail, HLS renditions and master playlist, all inside a work folder.
// Storing is the job handler's: it publishes `publishOrder(...)` in order, early files first.
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodeArgs, firstFrameThumbnailArgs, remuxArgs, thumbnailArgs, type Source } from './ffmpeg-args';
import { buildLadder, type Rendition } from './ladder';
import { DEFAULT_LIMITS, type MediaInfo, type VideoLimits } from './media-info';
import { bandwidthOf, masterPlaylist, readRendition, type VariantStream } from './playlists';
import { probeVideo } from './probe';
import { runMedia } from './run';
import { publishOrder, type PublishItem } from './publish';

export { publishOrder, type PublishItem } from './publish';
export { sweepStaleWorkDirs, withWorkDir } from './work-dir';

export interface RenditionResult {
	name: Rendition['name'];
	width: number;
	height: number;
	/** peak bits per second, as in the master playlist */
	bandwidth: number;
	codecs: string;
	/** true when the source's video stream was copied, not encoded */
	copied: boolean;
	/** absolute paths inside workDir */
	file: string;
	playlist: string;
}

export interface TranscodeResult {
	durationSeconds: number;
	width: number;
	height: number;
	/** lowest first */
	renditions: RenditionResult[];
	thumbnail: string;
	masterPlaylist: string;
}

export interface TranscodeOptions {
	/** the local source file; never modified */
	input: string;
	/** an empty folder the caller removes afterwards (see withWorkDir) */
	workDir: string;
	limits?: VideoLimits;
	/** 0..1 over the whole job, throttled */
	onProgress?: (fraction: number) => void;
	/**
	 * Called once the remuxed first rendition and a master playlist naming only it exist, with
	 * the files to publish in order; not called when nothing could be copied (every rung is
	 * encoded in one pass). Runs while the other rungs encode; transcodeVideo awaits it before
	 * it returns, so the final master is never stored before this early one.
	 */
	onPlayable?: (files: PublishItem[], partial: TranscodeResult) => Promise<void> | void;
	signal?: AbortSignal;
	/** per ffmpeg run; default 2 minutes + 10 s per second of video */
	timeLimitMs?: number;
}

export async function transcodeVideo(options: TranscodeOptions): Promise<TranscodeResult> {
	const { signal } = options;
	const workDir = resolve(options.workDir);
	const input = resolve(options.input);
	const info = await probeVideo(input, { limits: options.limits ?? DEFAULT_LIMITS, signal });
	const timeoutMs = options.timeLimitMs ?? 120_000 + info.durationSeconds * 10_000;
	const source: Source = { input, demuxer: info.demuxer };
	const ladder = buildLadder(info);
	const progress = progressSplitter(ladder.renditions, ladder.first, options.onProgress);

	const thumbnail = join(workDir, 'thumbnail.jpg');
	await runMedia({ binary: 'ffmpeg', args: thumbnailArgs({ ...source, info, output: thumbnail }), timeoutMs, signal });
	if (!existsSync(thumbnail)) {
		await runMedia({ binary: 'ffmpeg', args: firstFrameThumbnailArgs({ ...source, info, output: thumbnail }), timeoutMs, signal });
	}

	const run = (args: string[], stage: 'first' | 'rest') =>
		runMedia({ binary: 'ffmpeg', args, cwd: workDir, timeoutMs, signal, progress: { durationSeconds: info.durationSeconds, onProgress: progress[stage] } });
	const first = ladder.first;
	let early: Promise<void> = Promise.resolve();
	if (first) {
		await run(remuxArgs({ ...source, rendition: first }), 'first');
		const firstResult = await finish(workDir, info, [first], thumbnail, 'master-first.m3u8');
		early = Promise.resolve(options.onPlayable?.(publishOrder(firstResult), firstResult));
		// Never left unhandled while the rest encodes; awaited (and rethrown) below.
		early.catch(() => {});
	}
	let result: TranscodeResult;
	try {
		if (ladder.rest.length > 0) await run(encodeArgs({ ...source, info, renditions: ladder.rest }), 'rest');
		result = await finish(workDir, info, ladder.renditions, thumbnail, 'master.m3u8');
	} catch (error) {
		// The caller removes the work folder once this rejects: not while it still stores from it.
		await early.catch(() => {});
		throw error;
	}
	await early;
	options.onProgress?.(1);
	return result;
}

/** Reads the renditions' playlists and writes a master over them (to a temp name, then renamed). */
async function finish(workDir: string, info: MediaInfo, renditions: Rendition[], thumbnail: string, masterName: string): Promise<TranscodeResult> {
	const results: RenditionResult[] = [];
	const variants: VariantStream[] = [];
	for (const r of renditions) {
		const { playlist, codecs } = await readRendition(workDir, r.name, { hasAudio: r.audio !== 'none' });
		const { peak, average } = bandwidthOf(playlist);
		variants.push({ playlist: `${r.name}.m3u8`, bandwidth: peak, averageBandwidth: average, width: r.width, height: r.height, codecs, frameRate: info.video.fps });
		results.push({
			name: r.name,
			width: r.width,
			height: r.height,
			bandwidth: peak,
			codecs,
			copied: r.video === 'copy',
			file: join(workDir, `${r.name}.mp4`),
			playlist: join(workDir, `${r.name}.m3u8`)
		});
	}
	const master = join(workDir, masterName);
	await writeFile(`${master}.tmp`, masterPlaylist(variants));
	await rename(`${master}.tmp`, master);
	const top = results.at(-1);
	return {
		durationSeconds: info.durationSeconds,
		width: top?.width ?? info.video.width,
		height: top?.height ?? info.video.height,
		renditions: results,
		thumbnail,
		masterPlaylist: master
	};
}

// Shares 0..1 between the first run and the rest by pixels to encode; a copy costs little.
function progressSplitter(all: Rendition[], first: Rendition | null, onProgress?: (fraction: number) => void) {
	const cost = (r: Rendition) => r.width * r.height * (r.video === 'copy' ? 0.05 : 1);
	const total = all.reduce((sum, r) => sum + cost(r), 0) || 1;
	const firstShare = first ? cost(first) / total : 0;
	const report = (f: number) => onProgress?.(Math.min(0.99, f));
	return {
		first: (f: number) => report(f * firstShare),
		rest: (f: number) => report(firstShare + f * (1 - firstShare))
	};
}
