// Upload memory and resume cost: a tus upload of a large file (1 GiB by default) into a ClassCast
// server in its own process, sent the way tus-js-client sends it (16 MiB PATCHes).
//
//   bun run build && bun bench/upload.ts [--mib 1024]
//
// Prints, against goals from issue 5 (item 10), each as a ratio to a baseline of the same run:
//   - the server's RSS growth during the upload (peak minus its idle RSS after a warm-up upload)
//     over the goal of 64 MB, and over the file's size;
//   - after a cut at 50% (the connection dropped in the middle of a chunk, then HEAD and resume),
//     the total bytes the client sent over the file's size (goal ≤ 1.05);
//   - both uploads' files on the server are checked against the source's sha256.
// Results go to docs/PERFORMANCE.md.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const CHUNK = 16 * 1024 * 1024;
const TUS = { 'tus-resumable': '1.0.0' };

if (process.argv.includes('--serve')) await serve();
else await main();

/** Server mode: the app on a free port, one verified user with a session; prints `READY {json}`. */
async function serve(): Promise<void> {
	const { loadConfig } = await import('../src/lib/server/config');
	const { startApp } = await import('../server/app');
	const { createSession } = await import('../src/lib/server/auth/session.service');
	const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
	const app = await startApp(config);
	const user = await app.ctx.db
		.insertInto('users')
		.values({ email: 'bench@example.com', username: 'bench', password: 'not-a-hash', full_name: 'Bench', role: 'student', verified: true })
		.returning('id')
		.executeTakeFirstOrThrow();
	const { token } = await createSession(app.ctx.db, user.id, { ip: null, userAgent: 'bench' });
	process.on('SIGTERM', () => app.stop().then(() => process.exit(0)));
	// The client asks for a full collection before it reads the idle RSS it measures against.
	process.on('SIGUSR2', () => Bun.gc(true));
	console.log(`READY ${JSON.stringify({ url: app.url, token, dataDir: config.dataDir })}`);
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' } }, strict: true });
	const size = Number(values.mib) * 1024 * 1024;
	const dir = await mkdtemp(join(tmpdir(), 'classcast-bench-upload-'));
	const source = join(dir, 'source.bin');
	console.log(`writing a ${values.mib} MiB file…`);
	const digest = await writeSource(source, size);

	const server = Bun.spawn(['bun', import.meta.path, '--serve'], {
		env: { ...process.env, DATA_DIR: join(dir, 'data'), UPLOAD_MAX_BYTES: String(4 * 1024 * 1024 * 1024) },
		stdout: 'pipe',
		stderr: 'inherit'
	});
	try {
		const ready = await readyLine(server.stdout);
		const auth = { authorization: `Bearer ${ready.token}` };
		const client = new TusClient(ready.url, auth);

		const settle = async () => {
			server.kill('SIGUSR2');
			await Bun.sleep(1000);
			return rssOf(server.pid);
		};
		const cold = await settle();
		// Warm-up: the first requests load code and fill caches; the baseline is taken after it.
		await client.uploadWhole(source, 32 * 1024 * 1024);
		const idle = await settle();

		const sampler = sampleRss(server.pid);
		const whole = await client.uploadWhole(source, size);
		const peak = sampler.stop();
		const wholeOk = (await sha256File(join(ready.dataDir, 'uploads', whole.id))) === digest;

		const cut = await client.uploadWithCut(source, size);
		const cutOk = (await sha256File(join(ready.dataDir, 'uploads', cut.id))) === digest;

		// The multipart path (POST /api/videos with a `file` field) must stream the same way.
		const idleBeforeForm = await settle();
		const formSampler = sampleRss(server.pid);
		const form = await postMultipart(ready.url, auth, source);
		const formPeak = formSampler.stop();

		const growthMb = (peak - idle) / 1e6;
		const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
		console.log(`\nfile: ${values.mib} MiB in ${CHUNK / 1024 / 1024} MiB PATCHes`);
		console.log(`server RSS: ${mb(cold)} before any upload, idle ${mb(idle)} after a 32 MiB warm-up, peak ${mb(peak)} during the upload (${whole.seconds.toFixed(1)} s, ${(size / 1e6 / whole.seconds).toFixed(0)} MB/s)`);
		console.log(`RSS growth: ${growthMb.toFixed(1)} MB = ${(growthMb / 64).toFixed(2)}x the 64 MB goal, ${((peak - idle) / size).toFixed(4)}x the file size`);
		console.log(`cut at 50%: resumed from ${mb(cut.resumedFrom)}, sent ${mb(cut.sent)} for ${mb(size)} = ${(cut.sent / size).toFixed(4)}x the file size (goal ≤ 1.05)`);
		console.log(`multipart POST /api/videos: ${form.status}, RSS idle ${mb(idleBeforeForm)}, peak ${mb(formPeak)}: growth ${((formPeak - idleBeforeForm) / 1e6).toFixed(1)} MB = ${((formPeak - idleBeforeForm) / 1e6 / 64).toFixed(2)}x the 64 MB goal`);
		console.log(`sha256 of the stored files: ${wholeOk && cutOk ? 'identical to the source' : 'DIFFERENT'}`);
		if (!wholeOk || !cutOk) process.exitCode = 1;
	} finally {
		server.kill('SIGTERM');
		await server.exited;
		await rm(dir, { recursive: true, force: true });
	}
}

/** POST /api/videos as multipart/form-data, the file streamed from disk. */
async function postMultipart(url: string, auth: Record<string, string>, path: string): Promise<{ status: number }> {
	const boundary = `----bench${Date.now()}`;
	const encoder = new TextEncoder();
	const head = encoder.encode(
		`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBench\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`
	);
	const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
	const file = Bun.file(path);
	const reader = file.stream().getReader();
	let stage = 0;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (stage === 0) {
				stage = 1;
				return controller.enqueue(head);
			}
			if (stage === 1) {
				const read = await reader.read();
				if (!read.done) return controller.enqueue(read.value);
				stage = 2;
				return controller.enqueue(tail);
			}
			controller.close();
		}
	});
	const response = await fetch(new URL('/api/videos', url), {
		method: 'POST',
		headers: { ...auth, origin: new URL(url).origin, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + file.size + tail.length) },
		body
	});
	await response.arrayBuffer();
	return { status: response.status };
}

/** Writes `size` bytes (a random 16 MiB block, repeated) and returns their sha256. */
async function writeSource(path: string, size: number): Promise<string> {
	const block = crypto.getRandomValues(new Uint8Array(CHUNK));
	const hash = createHash('sha256');
	const file = await open(path, 'w');
	for (let written = 0; written < size; written += CHUNK) {
		const part = block.subarray(0, Math.min(CHUNK, size - written));
		await file.write(part);
		hash.update(part);
	}
	await file.close();
	return hash.digest('hex');
}

async function sha256File(path: string): Promise<string> {
	const hash = createHash('sha256');
	const reader = Bun.file(path).stream().getReader();
	for (let read = await reader.read(); !read.done; read = await reader.read()) hash.update(read.value);
	return hash.digest('hex');
}

/** The server's READY line; its later output is drained (a closed pipe would end it with EPIPE). */
async function readyLine(stdout: ReadableStream<Uint8Array>): Promise<{ url: string; token: string; dataDir: string }> {
	const decoder = new TextDecoder();
	const reader = stdout.getReader();
	let text = '';
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		text += decoder.decode(read.value);
		const line = text.split('\n').find((l) => l.startsWith('READY '));
		if (line) {
			void (async () => {
				while (!(await reader.read()).done);
			})();
			return JSON.parse(line.slice(6));
		}
	}
	throw new Error(`the server exited before it was ready:\n${text}`);
}

function rssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
}

/** The highest RSS of a process, sampled every 50 ms until stopped. */
function sampleRss(pid: number): { stop(): number } {
	let peak = rssOf(pid);
	const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(peak, rssOf(pid));
		}
	};
}

/** Raw tus 1.0.0, as tus-js-client speaks it, counting every byte it hands to the connection. */
class TusClient {
	constructor(
		private url: string,
		private auth: Record<string, string>
	) {}

	private async create(size: number): Promise<string> {
		const response = await fetch(new URL('/api/uploads', this.url), { method: 'POST', headers: { ...TUS, ...this.auth, 'upload-length': String(size) } });
		if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
		return response.headers.get('location')!.split('/').pop()!;
	}

	private patch(id: string, offset: number, body: BodyInit, signal?: AbortSignal) {
		return fetch(new URL(`/api/uploads/${id}`, this.url), {
			method: 'PATCH',
			headers: { ...TUS, ...this.auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
			body,
			signal
		});
	}

	private async offset(id: string): Promise<number> {
		const response = await fetch(new URL(`/api/uploads/${id}`, this.url), { method: 'HEAD', headers: { ...TUS, ...this.auth } });
		if (response.status !== 200) throw new Error(`head: ${response.status}`);
		return Number(response.headers.get('upload-offset'));
	}

	/** Sends [from, size) in chunks; returns the bytes sent. */
	private async sendFrom(id: string, path: string, from: number, size: number): Promise<number> {
		let offset = from;
		while (offset < size) {
			const end = Math.min(size, offset + CHUNK);
			const response = await this.patch(id, offset, Bun.file(path).slice(offset, end));
			if (response.status !== 204) throw new Error(`patch: ${response.status} ${await response.text()}`);
			offset = Number(response.headers.get('upload-offset'));
		}
		return offset - from;
	}

	async uploadWhole(path: string, size: number): Promise<{ id: string; seconds: number }> {
		const id = await this.create(size);
		const started = performance.now();
		await this.sendFrom(id, path, 0, size);
		return { id, seconds: (performance.now() - started) / 1000 };
	}

	/**
	 * Uploads up to 50%, then cuts the connection half way through the next chunk, asks the server
	 * where to resume (HEAD) and sends the rest from there.
	 */
	async uploadWithCut(path: string, size: number): Promise<{ id: string; sent: number; resumedFrom: number }> {
		const id = await this.create(size);
		const half = Math.floor(size / 2 / CHUNK) * CHUNK;
		let sent = await this.sendFrom(id, path, 0, half);
		const abort = new AbortController();
		const file = await open(path, 'r');
		let pushed = 0;
		const cutAfter = CHUNK / 2;
		const body = new ReadableStream<Uint8Array>({
			async pull(controller) {
				if (pushed >= cutAfter) {
					abort.abort();
					return;
				}
				const buffer = new Uint8Array(256 * 1024);
				const { bytesRead } = await file.read(buffer, 0, buffer.length, half + pushed);
				pushed += bytesRead;
				controller.enqueue(buffer.subarray(0, bytesRead));
			}
		});
		await this.patch(id, half, body, abort.signal).catch(() => undefined);
		await file.close();
		sent += pushed;
		// The server may still be finishing the cut request's write: ask until it answers.
		let resumedFrom = -1;
		for (let i = 0; i < 100 && resumedFrom < 0; i++) {
			resumedFrom = await this.offset(id).catch(() => -1);
			if (resumedFrom < 0) await Bun.sleep(100);
		}
		sent += await this.sendFrom(id, path, resumedFrom, size);
		return { id, sent, resumedFrom };
	}
}

