// A worker process killed in the middle of a transcode: the next worker picks the job up again and
// the video still becomes ready. PostgreSQL only (a worker process cannot share PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import { insertUser } from '../../src/lib/server/users/users.repository';
import { createVideoFromFile } from '../../src/lib/server/videos/videos.service';
import { createScratchDatabase } from '../helpers/database';
import { eventually } from '../helpers/jobs';
import { makeVideo } from '../helpers/video-fixtures';

const postgres = !!process.env.DATABASE_URL;

describe.skipIf(!postgres)('a transcode whose worker is killed', () => {
	let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
	let ctx: AppContext;
	let dataDir: string;

	beforeAll(async () => {
		scratch = await createScratchDatabase(process.env.DATABASE_URL!);
		dataDir = await mkdtemp(join(tmpdir(), 'classcast-transcode-worker-'));
		// The test is a WORKER=off web node: it enqueues, the worker processes run the job.
		const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, DATA_DIR: dataDir, WORKER: 'off', LOG_LEVEL: 'silent' });
		ctx = await createContext(config, { logger: createLogger('silent') });
	}, 30_000);

	afterAll(async () => {
		await ctx?.close();
		await scratch?.drop();
		await rm(dataDir, { recursive: true, force: true });
	});

	const startWorker = () =>
		Bun.spawn(['bun', 'server/worker.ts'], {
			env: {
				...process.env,
				NODE_ENV: 'test',
				DATABASE_URL: scratch.url,
				DATA_DIR: dataDir,
				REDIS_URL: '',
				JOBS_SUPERVISE_SECONDS: '1',
				LOG_LEVEL: 'warn'
			},
			stdout: 'inherit',
			stderr: 'inherit'
		});

	const row = (id: number) =>
		ctx.db.selectFrom('videos').select(['video_status', 'progress', 'playlist_key']).where('id', '=', id).executeTakeFirstOrThrow();

	it('is picked up again by the next worker and the video becomes ready', async () => {
		const owner = await insertUser(ctx.db, {
			email: 'killed-worker@example.com',
			username: 'killed_worker',
			password: 'not-a-hash',
			full_name: 'Killed Worker',
			role: 'student',
			verified: true
		});
		// MPEG-4 Part 2 cannot be copied: every rung is encoded, so the job runs long enough to be cut.
		const source = await makeVideo(join(dataDir, 'source.mp4'), { width: 1920, height: 1080, seconds: 8, codec: 'mpeg4' });
		const video = await createVideoFromFile(ctx, owner, source, { title: 'Interrupted', description: null, pieceName: null, composer: null, practiceGoals: null, isPublic: false });

		const first = startWorker();
		await eventually(async () => ((await row(video.id)).progress > 0 ? true : undefined), 60_000, 'the first worker to make progress');
		first.kill('SIGKILL');
		expect(await first.exited).not.toBe(0);
		expect((await row(video.id)).video_status).toBe('processing');

		const second = startWorker();
		try {
			// Heartbeat loss (30 s) + a supervision pass + the retry's backoff, then the transcode itself.
			await eventually(async () => ((await row(video.id)).video_status === 'processing' ? undefined : true), 150_000, 'the video to settle');
			const done = await row(video.id);
			expect(done.video_status).toBe('ready');
			expect(done.playlist_key).toBe(`videos/${owner.id}/${video.id}/master.m3u8`);
			expect((await ctx.storage.list(`videos/${owner.id}/${video.id}/`)).map((o) => o.key.split('/').pop())).toContain('master.m3u8');
		} finally {
			second.kill('SIGTERM');
		}
		expect(await second.exited).toBe(0);
	}, 240_000);
});
