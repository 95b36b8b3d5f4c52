// The transcode ladder's cost: on a generated 1080p clip, the whole job (probe, thumbnail, the
// remuxed first rendition when the source can be copied, the other rungs from one decode) over one bare `ffmpeg -preset veryfast`
// 720p encode of the same clip, measured in the same run (goal ≤ 2.5x). Two clips: H.264 (its
// 1080p stream is copied as the top rung) and HEVC, as iPhones film (every rung encoded).
// Also how soon an H.264 720p upload is playable: the time to onPlayable (the remux), which
// the job then stores.
//
//   bun bench/transcode.ts [--seconds 60] [--rounds 1]
//
// Rounds alternate baseline and ladder so a busy machine weighs on both alike; the CPU seconds of
// the ffmpeg runs are printed beside the wall time, as a figure a busy machine hardly moves.
// Results go to docs/PERFORMANCE.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { transcodeVideo, withWorkDir } from '../server/media/transcode';
import { ffmpeg, makeVideo } from '../tests/helpers/video-fixtures';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, rounds: { type: 'string', default: '1' } }, strict: true });
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);

type Case = { label: string; clip: string; baseline: number; ladder: number; baselineCpu: number; ladderCpu: number; playable: number[] };

// CPU seconds of this process's finished children (ffmpeg, ffprobe): cutime + cstime from
// /proc/self/stat, in clock ticks of 1/100 s. Unlike wall time it hardly moves with what else the
// machine runs, so the CPU ratio is the steadier figure on a shared machine.
async function childCpuSeconds(): Promise<number> {
	const stat = await Bun.file('/proc/self/stat').text();
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

const dir = await mkdtemp(join(tmpdir(), 'classcast-bench-'));
try {
	console.log(`generating ${SECONDS} s clips: 1080p H.264, 1080p HEVC, 720p H.264 ...`);
	const [h264, hevc, clip720] = await Promise.all([
		makeVideo(join(dir, '1080p-h264.mp4'), { width: 1920, height: 1080, seconds: SECONDS }),
		makeVideo(join(dir, '1080p-hevc.mp4'), { width: 1920, height: 1080, seconds: SECONDS, codec: 'hevc' }),
		makeVideo(join(dir, '720p-h264.mp4'), { width: 1280, height: 720, seconds: SECONDS })
	]);
	const cases: Case[] = [
		{ label: '1080p H.264 (top rung copied, 360p + 720p encoded)', clip: h264, baseline: 0, ladder: 0, baselineCpu: 0, ladderCpu: 0, playable: [] },
		{ label: '1080p HEVC (every rung encoded in one pass)', clip: hevc, baseline: 0, ladder: 0, baselineCpu: 0, ladderCpu: 0, playable: [] }
	];

	let lastCpu = 0;
	const timed = async (fn: () => Promise<unknown>) => {
		const started = performance.now();
		const cpu = await childCpuSeconds();
		await fn();
		lastCpu = (await childCpuSeconds()) - cpu;
		return (performance.now() - started) / 1000;
	};
	for (let round = 1; round <= ROUNDS; round++) {
		for (const c of cases) {
			const b = await timed(() =>
				ffmpeg(['-i', c.clip, '-vf', 'scale=-2:720', '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', join(dir, 'baseline.mp4')])
			);
			const bCpu = lastCpu;
			const started = performance.now();
			const early = c.playable.length;
			const l = await timed(() =>
				withWorkDir((workDir) =>
					transcodeVideo({ input: c.clip, workDir, onPlayable: () => void c.playable.push((performance.now() - started) / 1000) })
				)
			);
			// Nothing copied: no early rendition, so the video plays once the whole ladder is done.
			const playableAt = c.playable.length > early ? (c.playable.at(-1) as number) : l;
			console.log(
				`round ${round}, ${c.label}: bare 720p encode ${b.toFixed(1)} s (${bCpu.toFixed(1)} CPU s), ladder ${l.toFixed(1)} s (${lastCpu.toFixed(1)} CPU s), playable after ${playableAt.toFixed(1)} s`
			);
			c.baseline += b;
			c.ladder += l;
			c.baselineCpu += bCpu;
			c.ladderCpu += lastCpu;
		}
	}

	let playable = 0;
	await withWorkDir(async (workDir) => {
		const started = performance.now();
		await transcodeVideo({ input: clip720, workDir, onPlayable: () => void (playable = (performance.now() - started) / 1000) });
	});

	console.log('');
	for (const c of cases) {
		console.log(
			`ladder / bare veryfast 720p encode, ${c.label}: ${(c.ladder / c.baseline).toFixed(2)}x wall time (goal ≤ 2.5x), ${(c.ladderCpu / c.baselineCpu).toFixed(2)}x CPU time`
		);
	}
	console.log(`H.264 720p upload playable (probe + thumbnail + remux) after ${playable.toFixed(2)} s (goal for the whole path ≤ 2 s)`);
	console.log(`load average at the end: ${(await Bun.file('/proc/loadavg').text().catch(() => '?')).split(' ').slice(0, 3).join(' ')}`);
} finally {
	await rm(dir, { recursive: true, force: true });
}
