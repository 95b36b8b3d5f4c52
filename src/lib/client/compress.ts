// Shrinks a picked video to H.264 720p before the upload. Two engines: WebCodecs through
// mediabunny where the browser can encode H.264 (fast, hardware where there is some), and
// ffmpeg.wasm otherwise (slower, needs a cross-origin isolated page for its threads).
import { canEncodeVideo } from 'mediabunny';
import { TARGET } from './compress-decision';

export type Engine = 'webcodecs' | 'ffmpeg';

export interface CompressOptions {
	engine: Engine;
	/** Output dimensions (even numbers), from decideCompression(). */
	width: number;
	height: number;
	/** The source's duration, for ffmpeg's progress. */
	durationSeconds: number | null;
	/** The source's audio codec: AAC is copied as it is. */
	audioCodec?: string | null;
	/** 0..1 as the work goes on. */
	onProgress?: (progress: number) => void;
	/** Aborting stops the work; compress() then rejects with an AbortError. */
	signal?: AbortSignal;
}

/** Whether this browser's WebCodecs can encode H.264 at the given size (VideoEncoder.isConfigSupported). */
export async function canUseWebCodecs(width: number, height: number): Promise<boolean> {
	if (typeof VideoEncoder === 'undefined' || typeof VideoDecoder === 'undefined') return false;
	return canEncodeVideo('avc', { width, height, bitrate: TARGET.videoBitrate }).catch(() => false);
}

/** Whether ffmpeg.wasm's threads can run here: they need SharedArrayBuffer, so an isolated page. */
export function canUseFfmpeg(): boolean {
	return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
}

/** The engine to use: the forced one when given, else WebCodecs when it can, else ffmpeg.wasm. */
export async function chooseEngine(forced: Engine | null, size: { width: number; height: number }): Promise<Engine | null> {
	if (forced === 'ffmpeg') return canUseFfmpeg() ? 'ffmpeg' : null;
	if (await canUseWebCodecs(size.width, size.height)) return 'webcodecs';
	if (forced === 'webcodecs') return null;
	return canUseFfmpeg() ? 'ffmpeg' : null;
}

/**
 * The compressed file, named after the original with `-720p-{random}.mp4`: a fresh compression
 * never shares an upload fingerprint with an earlier one (which a same-sized but different
 * output would otherwise do, and tus would resume the wrong bytes). Its lastModified is the
 * original's, so the file kept by compressed-cache.ts has the same fingerprint after a reload.
 */
export async function compress(file: File, options: CompressOptions): Promise<File> {
	options.signal?.throwIfAborted();
	const bytes =
		options.engine === 'webcodecs'
			? await (await import('./compress-webcodecs')).compressWithWebCodecs(file, options)
			: await (await import('./compress-ffmpeg')).compressWithFfmpeg(file, options);
	const base = file.name.replace(/\.[^.]+$/, '') || 'video';
	const tag = crypto.randomUUID().slice(0, 8);
	return new File([bytes], `${base}-720p-${tag}.mp4`, { type: 'video/mp4', lastModified: file.lastModified });
}

export function abortError(): DOMException {
	return new DOMException('The compression was cancelled.', 'AbortError');
}
