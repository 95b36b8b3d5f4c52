// Validates an uploaded file before any transcoding: its first bytes, ffprobe's description and
// a few decoded frames at the start and at the end. Names and declared types are never read.
import { open, stat } from 'node:fs/promises';
import { decodeCheckArgs, probeArgs } from './ffmpeg-args';
import { interpretProbe, tooManyBytes, type MediaInfo, type Refusal, type VideoLimits } from './media-info';
import { MediaProcessError, runMedia } from './run';

/** Thrown when a file is not something we process: the job ends `error` with `message`, no retry. */
export class MediaRefusedError extends Error {
	constructor(readonly refusal: Refusal) {
		super(refusal.message);
		this.name = 'MediaRefusedError';
	}
	get code() {
		return this.refusal.code;
	}
}

export interface ProbeOptions {
	limits: VideoLimits;
	timeoutMs?: number;
	signal?: AbortSignal;
}

/** Describes a local video file, or throws MediaRefusedError with the reason it is refused. */
export async function probeVideo(path: string, options: ProbeOptions): Promise<MediaInfo> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const { size } = await stat(path);
	if (size === 0) throw new MediaRefusedError({ code: 'empty', message: 'This file is empty.' });
	// Checked before ffprobe reads anything, so an oversized file costs nothing.
	if (size > options.limits.maxBytes) throw new MediaRefusedError({ code: 'too_large', message: tooManyBytes(size, options.limits.maxBytes) });
	const kind = await sniff(path);
	if (kind === 'archive') throw new MediaRefusedError({ code: 'archive', message: 'This file is an archive (like a .zip), not a video.' });
	if (kind === 'image') throw new MediaRefusedError({ code: 'image', message: 'This file is a picture, not a video.' });
	if (kind === 'document') throw new MediaRefusedError({ code: 'not_video', message: 'This file is a document, not a video.' });

	let json: unknown;
	try {
		const { stdout } = await runMedia({ binary: 'ffprobe', args: probeArgs(path), timeoutMs, signal: options.signal });
		json = JSON.parse(stdout);
	} catch (error) {
		if (!(error instanceof MediaProcessError) || error.kind !== 'failed') throw error;
		// A video container whose index cannot be read is a cut-off upload, not a stranger file.
		if (kind === 'video-container') {
			throw new MediaRefusedError({ code: 'corrupt', message: 'This video is incomplete or damaged (it may have been cut off while uploading).' });
		}
		throw new MediaRefusedError({ code: 'not_video', message: 'This file is not a video.' });
	}
	const outcome = interpretProbe(json, size, options.limits);
	if (!outcome.ok) throw new MediaRefusedError(outcome.refusal);
	await checkDecodes(path, outcome.info, { timeoutMs, signal: options.signal });
	return outcome.info;
}

// A truncated file can still carry a complete index; decoding its first and last second
// is what shows that the picture data is really there.
async function checkDecodes(path: string, info: MediaInfo, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
	const starts = info.durationSeconds > 2 ? [0, Math.max(0, info.durationSeconds - 1.5)] : [0];
	for (const start of starts) {
		let frames = 0;
		try {
			const { stdout } = await runMedia({ binary: 'ffmpeg', args: decodeCheckArgs({ input: path, demuxer: info.demuxer, startSeconds: start }), ...options });
			frames = stdout.split('\n').filter((line) => line && !line.startsWith('#')).length;
		} catch (error) {
			if (!(error instanceof MediaProcessError) || error.kind !== 'failed') throw error;
		}
		if (frames === 0) {
			throw new MediaRefusedError({ code: 'corrupt', message: 'This video is incomplete or damaged (it may have been cut off while uploading).' });
		}
	}
}

type Sniffed = 'archive' | 'image' | 'document' | 'video-container' | 'unknown';

/** The file's kind from its first bytes, for a clearer refusal; never a reason to accept. */
export async function sniff(path: string): Promise<Sniffed> {
	const handle = await open(path, 'r');
	const head = Buffer.alloc(272);
	try {
		await handle.read(head, 0, head.length, 0);
	} finally {
		await handle.close();
	}
	return sniffBytes(head);
}

export function sniffBytes(head: Buffer): Sniffed {
	const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
	const ascii = (at: number, text: string) => head.subarray(at, at + text.length).toString('latin1') === text;
	if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x1f, 0x8b) || ascii(0, '7z\xbc\xaf') || ascii(0, 'Rar!') || ascii(257, 'ustar')) return 'archive';
	if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || ascii(0, 'GIF8') || (ascii(0, 'RIFF') && ascii(8, 'WEBP'))) return 'image';
	if (ascii(0, '%PDF')) return 'document';
	if (ascii(4, 'ftyp')) {
		// HEIC/AVIF photos are ISO media files too; their brand says they are pictures.
		const brand = head.subarray(8, 12).toString('latin1');
		return ['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis'].includes(brand) ? 'image' : 'video-container';
	}
	if (starts(0x1a, 0x45, 0xdf, 0xa3)) return 'video-container';
	return 'unknown';
}
