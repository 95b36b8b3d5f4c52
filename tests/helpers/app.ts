import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { startApp, type RunningApp } from '../../server/app';
import { loadConfig, type Config } from '../../src/lib/server/config';
import { createContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import type { Outbox } from '../../src/lib/server/mail/mailer';
import { createScratchDatabase } from './database';

export interface TestApp extends RunningApp {
	/** Every log line the app wrote, as raw JSON text. */
	logs: string[];
	outbox: Outbox;
	/**
	 * fetch against the app; paths are relative to its URL. With WORKER=inline it answers once the
	 * jobs the request enqueued (its e-mails) have run, so a test reads the outbox right after.
	 */
	fetch(path: string, init?: RequestInit): Promise<Response>;
	/** Waits until no job that is due is queued or running (up to 10 s). */
	settleJobs(): Promise<void>;
}

export type TestAppOptions = Partial<Omit<Config, 'rateLimits'>> & { rateLimits?: Partial<Config['rateLimits']> };

/**
 * Starts ClassCast on a free port with a freshly migrated database of its own: PGlite in a temporary
 * folder, or a new PostgreSQL database when DATABASE_URL is set (and Redis when REDIS_URL is set).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
	const dataDir = await mkdtemp(join(tmpdir(), 'classcast-test-'));
	const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
	const base = loadConfig({
		NODE_ENV: 'test',
		PORT: '0',
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		DATABASE_URL: scratch?.url,
		REDIS_URL: process.env.REDIS_URL,
		REDIS_KEY_PREFIX: `classcast-test-${Math.random().toString(36).slice(2, 10)}`,
		LOG_LEVEL: 'info'
	});
	const { rateLimits, ...rest } = options;
	const config: Config = { ...base, ...rest, rateLimits: { ...base.rateLimits, ...rateLimits } };

	const logs: string[] = [];
	const sink = new Writable({
		write(chunk, _encoding, done) {
			logs.push(...String(chunk).split('\n').filter(Boolean));
			done();
		}
	});
	const context = await createContext(config, { logger: createLogger('info', sink) });
	const app = await startApp(config, { context });
	const settleJobs = async () => {
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline) {
			const { rows } = await sql<{ pending: number }>`
				select count(*)::int as pending from pgboss.job
				where state in ('created', 'active') and start_after <= now()`.execute(context.db);
			if (!rows[0]?.pending) return;
			await Bun.sleep(20);
		}
	};
	return {
		...app,
		logs,
		get outbox() {
			if (!context.mailer.outbox) throw new Error('This test app sends real mail (smtpUrl): it has no dev outbox');
			return context.mailer.outbox;
		},
		settleJobs,
		async fetch(path, init) {
			const response = await fetch(new URL(path, app.url), { redirect: 'manual', ...init });
			if (config.worker === 'inline') await settleJobs();
			return response;
		},
		async stop() {
			await app.stop();
			if (context.redis && config.redisUrl) {
				const keys = await context.redis.keys(`${config.keyPrefix}*`);
				if (keys.length) await context.redis.del(...keys);
			}
			await context.close();
			await scratch?.drop();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}
