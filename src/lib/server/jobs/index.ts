import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { jobDefinitions, type AppJobs } from './definitions';
import { handlers } from './handlers/index';
import { createJobQueue, type JobQueue } from './queue';

export type { AppJobName, AppJobs } from './definitions';
export type { EnqueueOptions, JobQueue } from './queue';
export type { EmitToUser, JobDeps } from './types';

/** The app's job queue: enqueue from services, consumers started by the server or the worker. */
export type Jobs = JobQueue<AppJobs>;

/**
 * Opens the queue on the app's database. A process that runs jobs (`WORKER=inline`, or the worker
 * process) also supervises them and runs the schedules; `WORKER=off` web nodes only enqueue.
 */
export function createJobs(options: { config: Config; db: Database; logger: Logger }): Promise<Jobs> {
	const { config, db, logger } = options;
	return createJobQueue({
		definitions: jobDefinitions,
		handlers,
		db,
		databaseUrl: config.databaseUrl,
		logger,
		supervise: config.worker === 'inline',
		superviseSeconds: config.jobs.superviseSeconds
	});
}
