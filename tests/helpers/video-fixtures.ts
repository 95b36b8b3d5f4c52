// Test videos made with ffmpeg at test time (testsrc2 + sine), and the bad files an upload can be.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface VideoSpec {
	width: number;
	height: number;
	seconds: number;
	fps?: number;
	/** default h264; mpeg4 (quick to make) or hevc (what iPhones film) for a source that cannot be remuxed */
	codec?: 'h264' | 'mpeg4' | 'hevc';
	audio?: boolean;
	/** seconds of black before the test picture */
	blackLead?: number;
	/** moov before mdat, so a cut file keeps its index */
	faststart?: boolean;
}

/** Runs ffmpeg (the system one) for a fixture; throws with its stderr on failure. */
export async function ffmpeg(args: string[]): Promise<void> {
	const proc = Bun.spawn(['ffmpeg', '-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { stdout: 'ignore', stderr: 'pipe' });
	const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
	if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${stderr}`);
}

/** ffprobe's JSON for a file (streams and format). */
export async function ffprobeJson(path: string, extra: string[] = []): Promise<{ streams: Record<string, unknown>[]; format?: Record<string, unknown> }> {
	const proc = Bun.spawn(['ffprobe', '-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', ...extra, path], { stdout: 'pipe', stderr: 'pipe' });
	const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
	if (code !== 0) throw new Error(`ffprobe ${path} failed: ${stderr}`);
	return JSON.parse(stdout);
}

export async function makeVideo(path: string, spec: VideoSpec): Promise<string> {
	const fps = spec.fps ?? 30;
	const size = `${spec.width}x${spec.height}`;
	const inputs = ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${spec.seconds}`];
	let map = ['-map', '0:v'];
	if (spec.blackLead) {
		inputs.push('-f', 'lavfi', '-i', `color=black:size=${size}:rate=${fps}:duration=${spec.blackLead}`);
		map = ['-filter_complex', '[1:v][0:v]concat=n=2:v=1:a=0[v]', '-map', '[v]'];
	}
	if (spec.audio !== false) {
		inputs.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${spec.seconds + (spec.blackLead ?? 0)}`);
		map.push('-map', `${spec.blackLead ? 2 : 1}:a`);
	}
	const video =
		spec.codec === 'mpeg4'
			? ['-c:v', 'mpeg4', '-q:v', '5']
			: spec.codec === 'hevc'
				? ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p']
				: // Like the browser's compression: H.264 at a sane bitrate, a keyframe every 2 s.
					['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '3M', '-bufsize', '6M', '-pix_fmt', 'yuv420p', '-g', String(fps * 2)];
	const audio = spec.audio === false ? [] : ['-c:a', 'aac', '-b:a', '96k'];
	await ffmpeg([...inputs, ...map, ...video, ...audio, ...(spec.faststart ? ['-movflags', '+faststart'] : []), '-f', 'mp4', path]);
	return path;
}

/** A folder of every kind of upload the pipeline meets, made once per test file. */
export async function makeFixtures() {
	const dir = await mkdtemp(join(tmpdir(), 'classcast-fixtures-'));
	const at = (name: string) => join(dir, name);
	const [fhd, hd, sd480, black] = await Promise.all([
		// Not H.264, so every rung is encoded.
		makeVideo(at('1080p.mp4'), { width: 1920, height: 1080, seconds: 3, codec: 'mpeg4' }),
		makeVideo(at('720p-h264.mp4'), { width: 1280, height: 720, seconds: 8 }),
		makeVideo(at('480p-silent.mp4'), { width: 854, height: 480, seconds: 3, audio: false }),
		makeVideo(at('black-start.mp4'), { width: 320, height: 240, seconds: 2, blackLead: 1 })
	]);
	const faststart = await makeVideo(at('faststart.mp4'), { width: 640, height: 360, seconds: 4, faststart: true });
	const audioOnly = at('audio-only.mp4');
	await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:a', 'aac', '-f', 'mp4', audioOnly]);
	const image = at('picture.mp4');
	await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', image]);
	const text = at('notes.mp4');
	await writeFile(text, 'These are my practice notes, not a video.\n'.repeat(20));
	const archive = at('lesson.mp4');
	await writeFile(archive, Bun.gzipSync(new TextEncoder().encode('an archive, not a video '.repeat(100))));
	// Cut in half: the index (moov, at the end) is lost.
	const truncated = await cut(hd, at('truncated.mp4'));
	// Cut in half with the index first: it probes fine, but the picture data stops halfway.
	const truncatedIndexed = await cut(faststart, at('truncated-indexed.mp4'));
	const empty = at('empty.mp4');
	await writeFile(empty, '');
	return { dir, fhd, hd, sd480, black, audioOnly, image, text, archive, truncated, truncatedIndexed, empty, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function cut(from: string, to: string): Promise<string> {
	const { size } = await stat(from);
	await writeFile(to, (await readFile(from)).subarray(0, Math.floor(size / 2)));
	return to;
}
