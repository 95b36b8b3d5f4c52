// Compression in the browser (issue 5): seconds of work per second of 1080p video for WebCodecs
// (mediabunny) and for ffmpeg.wasm (multi-threaded core), each over native ffmpeg's
// (`-preset veryfast`, the same 720p / 2.5 Mb/s target) on the same clip in the same run, and
// each output's size over the input's. Drives Debian's Chromium with playwright.config.ts's flags
// on a small page of its own that runs the upload page's modules (src/lib/client/compress*.ts).
//
//   bun bench/compress.ts [--seconds 10] [--runs 2]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type LaunchOptions } from '@playwright/test';
import config from '../playwright.config';
import { FFMPEG_BASE, FFMPEG_FILES } from '../src/lib/client/ffmpeg-core';
import { ffmpegArgs } from '../src/lib/client/ffmpeg-args';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, runs: { type: 'string', default: '2' } }, strict: true });
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);

const dir = await mkdtemp(join(tmpdir(), 'classcast-bench-compress-'));
const clip = join(dir, 'clip.mp4');

function ffmpeg(args: string[]) {
	const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

// A phone-like 1080p30 clip: H.264 at 12 Mb/s with AAC audio.
ffmpeg([
	'-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SECONDS}`,
	'-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
	'-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', '12M', '-c:a', 'aac', '-b:a', '128k', '-shortest', clip
]);
const inBytes = Bun.file(clip).size;

/** Native ffmpeg with the same arguments as the ffmpeg.wasm engine (single run time, best of RUNS). */
function native(): { seconds: number; outBytes: number } {
	let best = Infinity;
	const out = join(dir, 'native.mp4');
	const threads = navigator.hardwareConcurrency;
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		ffmpeg(ffmpegArgs(clip, out, { width: 1280, height: 720, copyAudio: true, threads }));
		best = Math.min(best, (performance.now() - started) / 1000);
	}
	return { seconds: best, outBytes: Bun.file(out).size };
}

// The page's modules, bundled for the browser as the app's build would.
const built = await Bun.build({ entrypoints: [join(import.meta.dir, 'compress-harness.ts')], outdir: join(dir, 'js'), target: 'browser', format: 'esm', splitting: true, minify: true });
if (!built.success) throw new AggregateError(built.logs, 'bundling the harness failed');

const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
const server = Bun.serve({
	port: 0,
	hostname: '127.0.0.1',
	fetch(request) {
		const path = new URL(request.url).pathname;
		if (path === '/') return new Response('<!doctype html><title>compress bench</title><script type="module" src="/js/compress-harness.js"></script>', { headers: { 'content-type': 'text/html', ...isolated } });
		if (path === '/clip.mp4') return new Response(Bun.file(clip), { headers: { 'content-type': 'video/mp4', ...isolated } });
		if (path.startsWith('/js/')) return new Response(Bun.file(join(dir, path)), { headers: { 'content-type': 'text/javascript', ...isolated } });
		const name = path.startsWith(`${FFMPEG_BASE}/`) ? path.slice(FFMPEG_BASE.length + 1) : '';
		const entry = Object.hasOwn(FFMPEG_FILES, name) ? FFMPEG_FILES[name] : undefined;
		if (entry) return new Response(Bun.file(join(dirname(Bun.resolveSync(entry.pkg, process.cwd())), entry.path)), { headers: { 'content-type': entry.type, ...isolated } });
		return new Response('not found', { status: 404 });
	}
});

const launchOptions = (config.projects?.[0]?.use as { launchOptions?: LaunchOptions } | undefined)?.launchOptions ?? {};
const browser = await chromium.launch(launchOptions);
try {
	const page = await browser.newPage();
	await page.goto(`http://127.0.0.1:${server.port}/`);
	await page.waitForFunction(() => typeof window.runCompress === 'function' && crossOriginIsolated);
	const base = native();
	const baseRate = base.seconds / SECONDS;
	console.log(`clip: ${SECONDS} s 1920×1080 H.264 12 Mb/s + AAC, ${(inBytes / 1e6).toFixed(1)} MB; ${navigator.hardwareConcurrency} cores`);
	console.log(`native ffmpeg -preset veryfast: ${base.seconds.toFixed(2)} s (${baseRate.toFixed(3)} s per s of video), output/input ${(base.outBytes / inBytes).toFixed(3)}`);
	for (const engine of ['webcodecs', 'ffmpeg'] as const) {
		let best: Awaited<ReturnType<Window['runCompress']>> | null = null;
		for (let i = 0; i < RUNS; i++) {
			const run = await page.evaluate((e) => window.runCompress(e), engine);
			if (!best || run.seconds < best.seconds) best = run;
		}
		if (!best) continue;
		const rate = best.seconds / SECONDS;
		console.log(
			`${engine === 'ffmpeg' ? 'ffmpeg.wasm' : 'WebCodecs'}: ${best.seconds.toFixed(2)} s (${rate.toFixed(3)} s per s of video) → ${best.width}×${best.height}, ${best.duration?.toFixed(2)} s; ` +
				`time ratio over native ${(rate / baseRate).toFixed(2)}x; output/input ${(best.outBytes / best.inBytes).toFixed(3)}`
		);
	}
} finally {
	await browser.close();
	server.stop(true);
	await rm(dir, { recursive: true, force: true });
}
