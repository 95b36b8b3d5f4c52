// SIGTERM on the real entry point (server/index.ts): in-flight requests finish, new ones are refused.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createScratchDatabase } from '../helpers/database';

// Rate-limit counters of this run stay apart from every other run's in a shared Redis.
const keyPrefix = `classcast-test-shutdown-${Math.random().toString(36).slice(2, 10)}`;

let dataDir: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
beforeAll(async () => {
	dataDir = await mkdtemp(join(tmpdir(), 'classcast-shutdown-'));
	scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
});
afterAll(async () => {
	if (process.env.REDIS_URL) {
		const redis = new Redis(process.env.REDIS_URL);
		const keys = await redis.keys(`${keyPrefix}*`);
		if (keys.length) await redis.del(...keys);
		await redis.quit();
	}
	await scratch?.drop();
	await rm(dataDir, { recursive: true, force: true });
});

/** Starts `bun server/index.ts` on a free port; resolves once it logs that it listens. */
async function startServer() {
	const proc = Bun.spawn(['bun', 'server/index.ts'], {
		env: {
			...process.env,
			NODE_ENV: 'test',
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: scratch?.url ?? '',
			REDIS_URL: process.env.REDIS_URL ?? '',
			REDIS_KEY_PREFIX: keyPrefix,
			LOG_LEVEL: 'info'
		},
		stdout: 'pipe',
		stderr: 'inherit'
	});
	const lines: string[] = [];
	const reader = proc.stdout.getReader();
	const decoder = new TextDecoder();
	let buffered = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start: ${lines.join('\n')}`)), 20_000);
		void (async () => {
			for (let read = await reader.read(); !read.done; read = await reader.read()) {
				buffered += decoder.decode(read.value, { stream: true });
				const parts = buffered.split('\n');
				buffered = parts.pop() ?? '';
				for (const line of parts) {
					lines.push(line);
					const entry = JSON.parse(line) as { msg?: string; url?: string };
					if (entry.msg === 'ClassCast is listening' && entry.url) {
						clearTimeout(timer);
						resolve(entry.url);
					}
				}
			}
		})();
	});
	return { proc, url, lines };
}

function open(url: string): Promise<Socket> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
		socket.on('error', reject);
	});
}

describe('SIGTERM', () => {
	it('lets a request in flight finish, refuses new connections, and exits 0', async () => {
		const { proc, url } = await startServer();
		const body = JSON.stringify({ login: 'nobody-here', password: 'not-the-password-1' });
		const half = Math.floor(body.length / 2);
		const socket = await open(url);
		const answer = new Promise<string>((resolve) => {
			const chunks: Buffer[] = [];
			socket.on('data', (chunk: Buffer) => chunks.push(chunk));
			socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
		});
		socket.write(
			[
				'POST /api/auth/login HTTP/1.1',
				`host: ${new URL(url).host}`,
				'content-type: application/json',
				`content-length: ${body.length}`,
				'connection: close',
				'',
				body.slice(0, half)
			].join('\r\n')
		);
		// The request is now in the server's hands, waiting for the rest of its body.
		await Bun.sleep(300);
		proc.kill('SIGTERM');
		await Bun.sleep(300);

		let refused = false;
		try {
			await fetch(`${url}/healthz`);
		} catch {
			refused = true;
		}
		expect(refused).toBe(true);

		socket.write(body.slice(half));
		const response = await answer;
		expect(response.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
		expect(await proc.exited).toBe(0);
	});
});
