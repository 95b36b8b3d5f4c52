import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { openDatabase, type Database } from '../../src/lib/server/db/database';
import { createJobQueue, DEAD_LETTER_QUEUE, type JobQueue } from '../../src/lib/server/jobs/queue';
import type { HandlerTable, JobDefinition } from '../../src/lib/server/jobs/types';
import { createLogger, type Logger } from '../../src/lib/server/logger';
import { createScratchDatabase } from '../helpers/database';
import { eventually, jobReaches, jobState } from '../helpers/jobs';

// The queue itself, with jobs of its own: PGlite in a temporary folder, or a scratch PostgreSQL
// database when DATABASE_URL is set.
const definitions = {
	'test.record': {
		payload: z.object({ n: z.number().int() }),
		policy: { retryLimit: 2, retryDelay: 1, expireInSeconds: 30 }
	},
	'test.always-fails': {
		payload: z.object({ videoId: z.number().int() }),
		policy: { retryLimit: 2, retryDelay: 1, expireInSeconds: 30 }
	},
	'test.hangs': {
		payload: z.object({ videoId: z.number().int() }),
		policy: { retryLimit: 1, retryDelay: 1, expireInSeconds: 1 }
	}
} satisfies Record<string, JobDefinition>;
type Defs = typeof definitions;
type Deps = { logger: Logger };

const ran: number[] = [];
const attempts: number[] = [];
const finalFailures: { videoId: number; message: string }[] = [];
const handlers: HandlerTable<Defs, Deps> = {
	'test.record': {
		async run({ n }) {
			ran.push(n);
		}
	},
	'test.always-fails': {
		async run(_payload, _deps, attempt) {
			attempts.push(attempt.retryCount);
			throw new Error('transcoder exploded');
		},
		async onFinalFailure({ videoId }, _deps, failure) {
			finalFailures.push({ videoId, message: failure.message });
		}
	},
	'test.hangs': {
		async run(_payload, _deps, attempt) {
			// Stuck until pg-boss gives up on the attempt and aborts it.
			await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve));
		},
		async onFinalFailure({ videoId }, _deps, failure) {
			finalFailures.push({ videoId, message: failure.message });
		}
	}
};

let db: Database;
let queue: JobQueue<Defs, Deps>;
let cleanup: () => Promise<void>;
const logger = createLogger('silent');

beforeAll(async () => {
	const dataDir = await mkdtemp(join(tmpdir(), 'classcast-jobs-'));
	const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
	db = await openDatabase({ databaseUrl: scratch?.url, dataDir });
	queue = await createJobQueue({
		definitions,
		handlers,
		db,
		databaseUrl: scratch?.url,
		logger,
		supervise: true,
		superviseSeconds: 1,
		pollingSeconds: 0.5
	});
	await queue.work({ logger });
	cleanup = async () => {
		await queue.close();
		await db.destroy();
		await scratch?.drop();
		await rm(dataDir, { recursive: true, force: true });
	};
}, 30_000);
afterAll(() => cleanup());

describe('enqueue', () => {
	it('leaves no job behind when the transaction that enqueued it rolls back', async () => {
		let id: string | null = null;
		const rollback = db.transaction().execute(async (trx) => {
			id = await queue.enqueue(trx, 'test.record', { n: 1 });
			throw new Error('the row this job was about failed to save');
		});
		await expect(rollback).rejects.toThrow('failed to save');
		expect(id).not.toBeNull();
		expect(await jobState(queue.boss, 'test.record', id!)).toBeUndefined();
		// A job enqueued after it runs, and the rolled-back one never does.
		const later = await queue.enqueue(db, 'test.record', { n: 2 });
		await jobReaches(queue.boss, 'test.record', later!, 'completed');
		expect(ran).not.toContain(1);
	});

	it('runs a job once the transaction that enqueued it commits', async () => {
		const id = await db.transaction().execute(async (trx) => {
			await sql`select 1`.execute(trx);
			return queue.enqueue(trx, 'test.record', { n: 3 });
		});
		await jobReaches(queue.boss, 'test.record', id!, 'completed');
		expect(ran).toContain(3);
	});

	it('refuses a payload its schema does not accept', async () => {
		// @ts-expect-error: the payload type comes from the schema
		await expect(queue.enqueue(db, 'test.record', { n: 'three' })).rejects.toThrow();
	});
});

describe('failures', () => {
	it('retries a failing job with backoff, then calls its final-failure hook once', async () => {
		const id = await queue.enqueue(db, 'test.always-fails', { videoId: 42 });
		await jobReaches(queue.boss, 'test.always-fails', id!, 'failed', 20_000);
		// First attempt plus two retries.
		expect(attempts).toEqual([0, 1, 2]);
		const [job] = await queue.boss.findJobs('test.always-fails', { id: id! });
		expect(job?.retryBackoff).toBe(true);
		const failure = await eventually(() => finalFailures[0], 10_000, 'the final-failure hook');
		expect(failure).toEqual({ videoId: 42, message: 'transcoder exploded' });
		await Bun.sleep(1000);
		expect(finalFailures).toHaveLength(1);
		const dead = await queue.boss.findJobs(DEAD_LETTER_QUEUE);
		expect(dead.filter((j) => j.sourceId === id).map((j) => j.state)).toEqual(['completed']);
	}, 30_000);

	it('fails a job whose every attempt outlives its time limit, and calls its final-failure hook', async () => {
		const id = await queue.enqueue(db, 'test.hangs', { videoId: 43 });
		await jobReaches(queue.boss, 'test.hangs', id!, 'failed', 20_000);
		const failure = await eventually(() => finalFailures.find((f) => f.videoId === 43), 10_000, 'the final-failure hook');
		// Expired by this worker ("handler execution exceeded") or by a supervision pass ("job timed out").
		expect(failure.message).toMatch(/exceeded|timed out/i);
	}, 30_000);
});
