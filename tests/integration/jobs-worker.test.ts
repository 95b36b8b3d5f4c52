// `bun run worker` as its own process: killed in the middle of a job, the next worker finishes it.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import { createScratchDatabase } from '../helpers/database';
import { eventually, jobReaches } from '../helpers/jobs';

// A worker process needs PostgreSQL (PGlite is one process's database): skipped on the embedded run.
const postgres = !!process.env.DATABASE_URL;

describe.skipIf(!postgres)('bun run worker', () => {
	let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
	let ctx: AppContext;
	let smtp: SMTPServer;
	let smtpUrl: string;
	let stall = true;
	let stalled: () => void;
	const firstDelivery = new Promise<void>((resolve) => (stalled = resolve));
	const delivered: string[] = [];

	beforeAll(async () => {
		scratch = await createScratchDatabase(process.env.DATABASE_URL!);
		// The test enqueues like a WORKER=off web node: it runs and supervises nothing itself.
		const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, WORKER: 'off', LOG_LEVEL: 'silent' });
		ctx = await createContext(config, { logger: createLogger('silent') });
		// The first delivery hangs in DATA (a slow mail server) until its worker dies; later ones go through.
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					if (stall) {
						stall = false;
						stalled();
						return;
					}
					delivered.push(session.envelope.rcptTo.map((r) => r.address).join(','));
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
		smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
	}, 30_000);

	afterAll(async () => {
		await ctx?.close();
		await new Promise<void>((resolve) => smtp.close(() => resolve()));
		await scratch?.drop();
	});

	const startWorker = () =>
		Bun.spawn(['bun', 'server/worker.ts'], {
			env: {
				...process.env,
				NODE_ENV: 'test',
				DATABASE_URL: scratch.url,
				REDIS_URL: '',
				SMTP_URL: smtpUrl,
				// Supervision passes every second, so a dead worker's job is noticed soon after its heartbeat stops.
				JOBS_SUPERVISE_SECONDS: '1',
				LOG_LEVEL: 'warn'
			},
			stdout: 'inherit',
			stderr: 'inherit'
		});

	it('completes a job whose worker was killed mid-job, and stops gracefully on SIGTERM', async () => {
		const id = await ctx.db
			.transaction()
			.execute((trx) => ctx.jobs.enqueue(trx, 'mail.send', { to: 'killed@example.com', subject: 'Hello', text: 'Body' }));

		const first = startWorker();
		await firstDelivery;
		first.kill('SIGKILL');
		expect(await first.exited).not.toBe(0);
		expect(delivered).toEqual([]);

		const second = startWorker();
		try {
			// Heartbeat timeout (10 s) + a supervision pass + the first retry's backoff.
			await jobReaches(ctx.jobs.boss, 'mail.send', id!, 'completed', 45_000);
			await eventually(() => (delivered.length ? delivered : undefined), 5000, 'the delivery');
			expect(delivered).toEqual(['killed@example.com']);
			const [job] = await ctx.jobs.boss.findJobs('mail.send', { id: id! });
			expect(job?.retryCount).toBeGreaterThanOrEqual(1);
		} finally {
			second.kill('SIGTERM');
		}
		expect(await second.exited).toBe(0);
	}, 60_000);
});

describe('bun run worker on the embedded database', () => {
	it('refuses to start, since PGlite belongs to the web process', async () => {
		const proc = Bun.spawn(['bun', 'server/worker.ts'], {
			env: { ...process.env, DATABASE_URL: '', DATA_DIR: 'memory://' },
			stdout: 'pipe',
			stderr: 'pipe'
		});
		expect(await proc.exited).toBe(1);
		expect(await new Response(proc.stderr).text()).toContain('needs DATABASE_URL');
	});
});
