// ffmpeg's arguments for the 720p H.264 encode: pure, so the ffmpeg.wasm engine and the
// benchmark's native baseline run exactly the same command.
import { TARGET } from './compress-decision';

/** ffmpeg's arguments for a 720p H.264 encode at the target bitrate (pure: the benchmark and tests read it). */
export function ffmpegArgs(input: string, output: string, options: { width: number; height: number; copyAudio: boolean; threads: number }): string[] {
	const kbps = Math.round(TARGET.videoBitrate / 1000);
	return [
		'-hide_banner',
		'-i', input,
		'-map', '0:v:0', '-map', '0:a:0?',
		'-vf', `scale=${options.width}:${options.height}`,
		'-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
		'-b:v', `${kbps}k`, '-maxrate', `${Math.round(kbps * 1.2)}k`, '-bufsize', `${kbps * 2}k`,
		'-g', '60', '-threads', String(options.threads),
		...(options.copyAudio ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', `${TARGET.audioBitrate / 1000}k`]),
		'-movflags', '+faststart',
		output
	];
}
