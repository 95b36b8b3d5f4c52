// Upload complete → playable, the whole path: a 60 s H.264 720p upload (what the browser's
// compression makes) is finished through tus, then `POST /api/videos` is timed until the video's
// JSON carries a playlist URL whose master playlist answers: the row, the job's enqueue and pickup,
// the copy to the work folder, probe, thumbnail, remux, storing the early files and the update.
// The baseline, in the same run on the same file: one bare `ffmpeg -c copy` to HLS, the media
// work no path can skip.
//
//   bun run build && bun bench/playable.ts [--rounds 3]   (DATABASE_URL / REDIS_URL: on those)
//
// Goal (docs/PERFORMANCE.md): playable within 2 s of the upload completing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestApp } from '../tests/helpers/app';
import { uploadWhole } from '../tests/helpers/uploads';
import { signUpVerified } from '../tests/helpers/users';
import { ffmpeg, makeVideo } from '../tests/helpers/video-fixtures';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } }, strict: true });
const ROUNDS = Number(values.rounds);
const GOAL_SECONDS = 2;

const dir = await mkdtemp(join(tmpdir(), 'classcast-bench-playable-'));
const app = await startTestApp({ logLevel: 'silent' });
try {
	const clip = await makeVideo(join(dir, '720p-h264.mp4'), { width: 1280, height: 720, seconds: 60 });
	const bytes = new Uint8Array(await Bun.file(clip).arrayBuffer());
	const owner = await signUpVerified(app);
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

	const paths: number[] = [];
	const remuxes: number[] = [];
	for (let round = 1; round <= ROUNDS; round++) {
		const started = performance.now();
		await ffmpeg(['-i', clip, '-c', 'copy', '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', join(dir, `bare-${round}.m3u8`)]);
		const remux = (performance.now() - started) / 1000;

		const uploadId = await uploadWhole(app, owner.auth, bytes);
		// Plain fetch, not app.fetch: that one waits for the queue to be idle, which is what is timed.
		const url = (path: string) => new URL(path, app.url);
		const headers = { ...owner.auth, accept: 'application/json' };
		const begun = performance.now();
		const created = await fetch(url('/api/videos'), {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify({ uploadId, title: `Round ${round}` })
		});
		if (created.status !== 201) throw new Error(`POST /api/videos: ${created.status} ${await created.text()}`);
		const { video } = (await created.json()) as { video: { id: number } };
		let playable = 0;
		while (!playable) {
			const { video: now } = (await (await fetch(url(`/api/videos/${video.id}`), { headers })).json()) as { video: { playlistUrl: string | null; status: string } };
			if (now.status === 'error') throw new Error('the video ended in error');
			if (now.playlistUrl && (await fetch(url(now.playlistUrl), { headers })).ok) playable = (performance.now() - begun) / 1000;
			else await Bun.sleep(20);
		}
		console.log(`round ${round}: bare remux ${remux.toFixed(2)} s, upload complete → playable ${playable.toFixed(2)} s`);
		paths.push(playable);
		remuxes.push(remux);
		await app.settleJobs();
	}
	const path = median(paths);
	const remux = median(remuxes);
	console.log('');
	console.log(`upload complete → playable (median of ${ROUNDS}): ${path.toFixed(2)} s (goal ≤ ${GOAL_SECONDS} s)`);
	console.log(`over a bare ffmpeg remux of the same file: ${(path / remux).toFixed(2)}x (${remux.toFixed(2)} s)`);
	console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; load average: ${(await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ')}`);
} finally {
	await app.stop();
	await rm(dir, { recursive: true, force: true });
}
