// The ffmpeg.wasm engine: the multi-threaded core, served from our own origin by the upload
// route (see its +server.ts for why not from the build), run in ffmpeg's worker. The picked file is mounted
// read-only (WORKERFS) rather than copied into the wasm memory, so a large file does not double.
import { FFmpeg, FFFSType } from '@ffmpeg/ffmpeg';
import { abortError, type CompressOptions } from './compress';
import { ffmpegArgs } from './ffmpeg-args';
import { FFMPEG_BASE } from './ffmpeg-core';

export async function compressWithFfmpeg(file: File, options: CompressOptions): Promise<Uint8Array<ArrayBuffer>> {
	const ffmpeg = new FFmpeg();
	const onAbort = () => ffmpeg.terminate();
	options.signal?.addEventListener('abort', onAbort, { once: true });
	try {
		await ffmpeg.load({
			classWorkerURL: `${FFMPEG_BASE}/worker.js`,
			coreURL: `${FFMPEG_BASE}/ffmpeg-core.js`,
			wasmURL: `${FFMPEG_BASE}/ffmpeg-core.wasm`,
			workerURL: `${FFMPEG_BASE}/ffmpeg-core.worker.js`
		});
		const duration = options.durationSeconds ?? 0;
		ffmpeg.on('progress', ({ time }) => {
			// `time` is in microseconds of output; ffmpeg's own ratio is unreliable for some inputs.
			if (duration > 0) options.onProgress?.(Math.min(1, time / 1e6 / duration));
		});
		await ffmpeg.createDir('/in');
		await ffmpeg.mount(FFFSType.WORKERFS, { files: [file] }, '/in');
		// The pthread pool is small; more encoder threads than cores only adds contention.
		const threads = Math.min(4, Math.max(1, navigator.hardwareConcurrency || 2));
		const args = ffmpegArgs(`/in/${file.name}`, 'out.mp4', { width: options.width, height: options.height, copyAudio: options.audioCodec === 'aac', threads });
		const code = await ffmpeg.exec(args);
		if (code !== 0) throw new Error(`ffmpeg.wasm could not convert this video (exit code ${code}).`);
		const data = await ffmpeg.readFile('out.mp4');
		if (typeof data === 'string') throw new Error('ffmpeg.wasm returned text instead of a video.');
		options.onProgress?.(1);
		// A copy out of the wasm memory, transferred from the worker: never a view of shared memory.
		return data as Uint8Array<ArrayBuffer>;
	} catch (error) {
		if (options.signal?.aborted) throw abortError();
		throw error;
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
		ffmpeg.terminate();
	}
}
