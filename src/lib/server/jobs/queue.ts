import { fromKysely, fromPglite, PgBoss, type ConstructorOptions, type Job, type JobWithMetadata } from 'pg-boss';
import { pgliteOf, type Database } from '../db/database';
import type { Logger } from '../logger';
import type { HandlerTable, JobDefinitions, JobDeps, ParsedPayloadOf, PayloadOf } from './types';

/** Every queue sends its jobs here once they have failed for good; one consumer calls their hooks. */
export const DEAD_LETTER_QUEUE = 'jobs.dead-letter';

/** What a caller may set on one job; retries and time limits belong to the job's definition. */
export interface EnqueueOptions {
	/** Run no earlier than this. */
	startAfter?: Date;
	/** A second job with the same key is dropped while the first is queued (enqueue returns null). */
	singletonKey?: string;
	priority?: number;
}

export interface JobQueue<D extends JobDefinitions, Deps = JobDeps> {
	/**
	 * Inserts a job through `executor`: pass the transaction that writes the row the job is about,
	 * and the job exists exactly when that transaction commits.
	 */
	enqueue<N extends keyof D & string>(
		executor: Database,
		name: N,
		payload: PayloadOf<D, N>,
		options?: EnqueueOptions
	): Promise<string | null>;
	/** Starts this process's consumers, one per job name, and the dead-letter consumer. */
	work(deps: Deps): Promise<void>;
	/** Stops the consumers, letting running jobs finish for up to `timeoutMs` (20 s). */
	stopWorking(timeoutMs?: number): Promise<void>;
	/** Stops pg-boss; the database itself is closed by its owner. */
	close(): Promise<void>;
	/** The pg-boss instance, for inspection (tests, operations). */
	readonly boss: PgBoss;
}

export interface JobQueueOptions<D extends JobDefinitions, Deps> {
	definitions: D;
	handlers: HandlerTable<D, Deps>;
	db: Database;
	/** PostgreSQL: pg-boss keeps a small pool of its own; unset on PGlite, where it shares the instance. */
	databaseUrl: string | undefined;
	logger: Logger;
	/**
	 * Whether this process supervises the queue (fails expired attempts and those whose worker died,
	 * moves spent jobs to the dead-letter queue) and runs cron schedules. Off on enqueue-only web nodes.
	 */
	supervise: boolean;
	/** How often supervision passes run, in seconds. */
	superviseSeconds: number;
	/** How often an idle consumer looks for due jobs (retries); new jobs also wake it at once. */
	pollingSeconds?: number;
}

/** Opens pg-boss on the app's database, creates the queues, and returns the typed queue. */
export async function createJobQueue<D extends JobDefinitions, Deps extends Pick<JobDeps, 'logger'>>(
	options: JobQueueOptions<D, Deps>
): Promise<JobQueue<D, Deps>> {
	const { definitions, handlers, db, logger, supervise } = options;
	const pglite = pgliteOf(db);
	const connection: ConstructorOptions = pglite
		? { db: fromPglite(pglite), backend: 'pglite' }
		: { connectionString: options.databaseUrl, max: 4, application_name: 'classcast-jobs' };
	const boss = new PgBoss({
		...connection,
		useListenNotify: true,
		supervise,
		schedule: supervise,
		superviseIntervalSeconds: options.superviseSeconds,
		monitorIntervalSeconds: options.superviseSeconds,
		// Removes completed jobs past their deleteAfterSeconds (some carry single-use links).
		maintenanceIntervalSeconds: 15 * 60,
		persistWarnings: false
	});
	boss.on('error', (error) => logger.error({ err: error.message }, 'job queue error'));
	boss.on('warning', (warning) => logger.warn({ warning: warning.message }, 'job queue warning'));
	await boss.start();

	// Kept a day once handled: a dead-lettered job carries its payload (a mail's single-use link, say).
	const deadLetterQueue = { retryLimit: 5, retryDelay: 10, retryBackoff: true, deleteAfterSeconds: 24 * 60 * 60 };
	if (await boss.getQueue(DEAD_LETTER_QUEUE)) await boss.updateQueue(DEAD_LETTER_QUEUE, deadLetterQueue);
	else await boss.createQueue(DEAD_LETTER_QUEUE, deadLetterQueue);
	const names = Object.keys(definitions) as (keyof D & string)[];
	for (const name of names) {
		const { schedule: _schedule, concurrency: _concurrency, ...policy } = definitions[name]!.policy;
		const queue = { ...policy, retryBackoff: true, deadLetter: DEAD_LETTER_QUEUE, notify: true };
		if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
		else await boss.createQueue(name, queue);
		// pg-boss looks a queue up on its own connection the first time it sends to it. On PGlite that
		// connection waits for any open transaction, so an enqueue inside one would wait for itself:
		// look every queue up now, outside any transaction.
		await boss.findJobs(name, { limit: 1 });
	}

	const pollingIntervalSeconds = options.pollingSeconds ?? 2;
	const polling = { pollingIntervalSeconds, notifyPollingIntervalSeconds: pollingIntervalSeconds };
	let working = false;

	const runOne = async (name: keyof D & string, job: Job<unknown>, deps: Deps) => {
		const payload = definitions[name]!.payload.parse(job.data) as ParsedPayloadOf<D, typeof name>;
		try {
			await handlers[name].run(payload, deps, { id: job.id, retryCount: job.retryCount, signal: job.signal });
		} catch (error) {
			// Each failed attempt is logged with its stack (never the payload, which may hold a link);
			// pg-boss retries it with backoff.
			deps.logger.warn({ err: error, job: name, jobId: job.id, retryCount: job.retryCount }, 'job attempt failed');
			throw error;
		}
	};

	const runFinalFailure = async (job: JobWithMetadata<unknown>, deps: Deps) => {
		const name = job.sourceName as (keyof D & string) | null;
		if (!name || !(name in definitions)) return;
		const message = failureMessage(job.sourceOutput);
		deps.logger.error({ job: name, jobId: job.sourceId, reason: message }, 'job failed for good');
		const parsed = definitions[name]!.payload.safeParse(job.data);
		if (!parsed.success) return;
		await handlers[name].onFinalFailure?.(parsed.data as ParsedPayloadOf<D, typeof name>, deps, { message });
	};

	return {
		boss,
		async enqueue(executor, name, payload, enqueueOptions = {}) {
			const data = definitions[name]!.payload.parse(payload) as object;
			return boss.send(name, data, { ...enqueueOptions, db: fromKysely(executor) });
		},
		async work(deps) {
			if (working) return;
			working = true;
			for (const name of names) {
				// A queue with heartbeatSeconds has pg-boss refresh the claim while the handler runs.
				const localConcurrency = definitions[name]!.policy.concurrency ?? 1;
				await boss.work<unknown>(name, { ...polling, localConcurrency }, async ([job]) => {
					if (job) await runOne(name, job, deps);
				});
				const cron = definitions[name]!.policy.schedule;
				if (cron) await boss.schedule(name, cron, {}, { tz: 'UTC' });
			}
			const deadLetterOptions = { ...polling, includeMetadata: true } as const;
			await boss.work(DEAD_LETTER_QUEUE, deadLetterOptions, async ([job]: JobWithMetadata<unknown>[]) => {
				if (job) await runFinalFailure(job, deps);
			});
		},
		async stopWorking(timeoutMs = 20_000) {
			if (!working) return;
			working = false;
			const stopped = Promise.all([...names, DEAD_LETTER_QUEUE].map((name) => boss.offWork(name, { wait: true })));
			// A job still running after this is abandoned: its claim lapses and another worker retries it.
			const timedOut = await Promise.race([stopped.then(() => false), Bun.sleep(timeoutMs).then(() => true)]);
			if (timedOut) logger.warn({ timeoutMs }, 'jobs still running at shutdown: leaving them to be retried');
		},
		async close() {
			working = false;
			await boss.stop({ graceful: true, timeout: 10_000, close: true });
		}
	};
}

/**
 * The error message pg-boss stored for the last attempt: a handler's error as `{message}`, or the
 * supervisor's verdict ("job timed out", "job heartbeat timeout") as `{value: {message}}`.
 */
export function failureMessage(output: unknown): string {
	if (output && typeof output === 'object') {
		if ('message' in output && typeof output.message === 'string') return output.message;
		if ('value' in output) return failureMessage(output.value);
	}
	return 'unknown failure';
}
