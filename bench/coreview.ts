// Live co-review in step: two people in two Chromium pages on one session; after each play,
// pause, seek and speed change made on one side, how far apart the two players are (sampled
// together, both brought to the same instant) and how long the other side took to react.
// Debian's Chromium with playwright.config.ts's flags, the app in its own process. With
// DATABASE_URL and REDIS_URL set, the two pages are on two nodes (state and events through Redis).
//
//   bun run build && bun bench/coreview.ts [--rounds 4]
//
// Goal (docs/PERFORMANCE.md): p95 of the position gap ≤ 150 ms.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type LaunchOptions, type Page } from '@playwright/test';
import config from '../playwright.config';
import { SESSION_COOKIE } from '../src/lib/server/auth/session.service';
import { insertPerson, openWorkspace, percentile, seed, startAppNodes, waitUntilHealthy } from './support';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '4' } }, strict: true });
const ROUNDS = Number(values.rounds);

const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const workspace = await openWorkspace('coreview', services ? { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL } : {});
const ports = [4411, 4412];

function ffmpeg(args: string[]) {
	const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

const gaps: Record<string, number[]> = { play: [], pause: [], seek: [], rate: [] };
const reactions: Record<string, number[]> = { play: [], pause: [], seek: [], rate: [] };

try {
	// Two people with sessions, made before the server opens the database.
	const people = await seed(workspace, async (ctx) => ({ student: await insertPerson(ctx.db, 'coreview_student'), teacher: await insertPerson(ctx.db, 'coreview_teacher') }));
	const { urls: bases } = startAppNodes(workspace, { ports: ports.slice(0, services ? 2 : 1), origin: true });
	const baseOf = (i: number) => bases[i % bases.length] as string;
	await waitUntilHealthy(bases);
	const api = (path: string, token: string, init: RequestInit = {}) =>
		fetch(`${baseOf(0)}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

	// A 60 s 640×360 clip, uploaded and transcoded like any other.
	const clip = join(workspace.dir, 'clip.mp4');
	ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=60', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=60', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', '1M', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', clip]);
	const form = new FormData();
	form.set('title', 'Co-review bench');
	form.set('file', Bun.file(clip), 'clip.mp4');
	const created = await api('/api/videos', people.student.token, { method: 'POST', body: form });
	if (created.status !== 201) throw new Error(`upload: ${created.status} ${await created.text()}`);
	const videoId = ((await created.json()) as { video: { id: number } }).video.id;
	for (let i = 0; ; i++) {
		const { video } = (await (await api(`/api/videos/${videoId}`, people.student.token)).json()) as { video: { status: string } };
		if (video.status === 'ready') break;
		if (video.status === 'error' || i > 600) throw new Error(`transcode: ${video.status}`);
		await Bun.sleep(200);
	}
	await api(`/api/videos/${videoId}/share`, people.student.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: people.teacher.id }) });
	const started = await api(`/api/videos/${videoId}/review-sessions`, people.student.token, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ inviteeIds: [people.teacher.id] })
	});
	if (started.status !== 201) throw new Error(`session: ${started.status} ${await started.text()}`);
	const sessionUrl = ((await started.json()) as { session: { url: string } }).session.url;

	const launchOptions = (config.projects?.[0]?.use as { launchOptions?: LaunchOptions } | undefined)?.launchOptions ?? {};
	const browser = await chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), '--autoplay-policy=no-user-gesture-required'] });
	const open = async (token: string, base: string) => {
		const context = await browser.newContext();
		await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
		const page = await context.newPage();
		await page.goto(`${base}${sessionUrl}`);
		const video = page.locator('video');
		await video.waitFor({ timeout: 30_000 });
		await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
		await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
		await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor({ timeout: 15_000 });
		return page;
	};
	const host = await open(people.student.token, baseOf(0));
	const guest = await open(people.teacher.token, baseOf(1));

	/** Both players' positions read together and brought to the same instant (one machine, one clock). */
	const gap = async (): Promise<number> => {
		const read = (p: Page) => p.locator('video').evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, at: Date.now(), rate: v.paused ? 0 : v.playbackRate }));
		const [a, b] = await Promise.all([read(host), read(guest)]);
		return Math.abs(a.t - b.t - ((a.at - b.at) / 1000) * (a.rate || b.rate)) * 1000;
	};
	/** When the guest's player next fires `event` (ms since the epoch), armed before the action. */
	const armReaction = (event: string) =>
		guest.locator('video').evaluate((v: HTMLVideoElement, name: string) => {
			(window as unknown as { __reaction?: Promise<number> }).__reaction = new Promise<number>((done) => v.addEventListener(name, () => done(Date.now()), { once: true }));
		}, event);
	const reactionAt = () => guest.evaluate(() => (window as unknown as { __reaction: Promise<number> }).__reaction);

	const act = async (kind: string, event: string, action: () => Promise<void>) => {
		await armReaction(event);
		const at = Date.now();
		await action();
		const reacted = await Promise.race([reactionAt(), Bun.sleep(5000).then(() => Number.NaN)]);
		reactions[kind]?.push(reacted - at);
		// Let the followers settle (a nudge closes a small gap in about a second), then sample.
		await Bun.sleep(1500);
		for (let i = 0; i < 8; i++) {
			gaps[kind]?.push(await gap());
			await Bun.sleep(100);
		}
	};
	const press = (key: string) => async () => {
		await host.locator('body').press(key);
	};
	const speed = (rate: string) => async () => {
		await host.getByLabel('Speed').selectOption(rate);
	};

	for (let round = 0; round < ROUNDS; round++) {
		await act('play', 'play', press('k'));
		await act('seek', 'seeked', press(round % 2 ? 'j' : 'l'));
		await act('rate', 'ratechange', speed(round % 2 ? '1' : '0.5'));
		await act('pause', 'pause', press('k'));
	}
	await browser.close();

	const all = Object.values(gaps).flat();
	console.log(`${ROUNDS} rounds of play, seek, speed, pause; ${services ? 'two nodes on PostgreSQL + Redis' : 'one node, embedded defaults'}\n`);
	console.log('| after | gap p50 ms | gap p95 ms | reaction p50 ms | reaction p95 ms |');
	console.log('| --- | ---: | ---: | ---: | ---: |');
	for (const kind of Object.keys(gaps)) {
		const g = gaps[kind] ?? [];
		const r = reactions[kind] ?? [];
		console.log(`| ${kind} | ${percentile(g, 0.5).toFixed(0)} | ${percentile(g, 0.95).toFixed(0)} | ${percentile(r, 0.5).toFixed(0)} | ${percentile(r, 0.95).toFixed(0)} |`);
	}
	console.log(`| all | ${percentile(all, 0.5).toFixed(0)} | ${percentile(all, 0.95).toFixed(0)} | | |`);
	console.log(`\nposition gap p95: ${percentile(all, 0.95).toFixed(0)} ms (goal ≤ 150 ms); reactions that never came: ${Object.values(reactions).flat().filter((n) => !Number.isFinite(n)).length}`);
} finally {
	await workspace.close();
}
