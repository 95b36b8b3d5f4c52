import type { z } from 'zod';
import type { ServerToClientEvents } from '../../realtime/events';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { MailMessage, Mailer } from '../mail/mailer';
import type { RealtimeEmitter } from '../realtime/emitter';
import type { Storage } from '../storage/storage';
import type { MediaTools } from '../videos/transcode.job';

/** How pg-boss treats one kind of job: retries, time limits, and an optional cron schedule. */
export interface JobPolicy {
	/** Retries after the first attempt before the job fails for good. */
	retryLimit: number;
	/** Seconds before the first retry; doubled (with jitter) for each later one. */
	retryDelay: number;
	/** Longest wait between two retries, in seconds. */
	retryDelayMax?: number;
	/** An attempt still running after this long is failed (and retried). */
	expireInSeconds: number;
	/**
	 * A running attempt refreshes its claim this often (at half the interval); one that stops, because
	 * its worker was killed, is retried this many seconds later instead of after `expireInSeconds`.
	 * pg-boss requires at least 10.
	 */
	heartbeatSeconds?: number;
	/** Completed jobs are removed after this many seconds. */
	deleteAfterSeconds?: number;
	/** How many of these jobs one process runs at once (default 1). */
	concurrency?: number;
	/** Cron expression (UTC): the job is sent once per occurrence across all nodes. */
	schedule?: string;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
	payload: S;
	policy: JobPolicy;
}

export type JobDefinitions = Record<string, JobDefinition>;

export type PayloadOf<D extends JobDefinitions, N extends keyof D> = z.input<D[N]['payload']>;
export type ParsedPayloadOf<D extends JobDefinitions, N extends keyof D> = z.output<D[N]['payload']>;

/** Pushes a realtime event to a user's room (`user:{id}`), on whichever node their sockets are. */
export type EmitToUser = <E extends keyof ServerToClientEvents>(
	userId: number,
	event: E,
	...args: Parameters<ServerToClientEvents[E]>
) => void;

/** What a job handler may use: the process's services, never a request. */
export interface JobDeps {
	config: Config;
	db: Database;
	mailer: Mailer;
	logger: Logger;
	emit: EmitToUser;
	storage: Storage;
	realtime: RealtimeEmitter;
	/** ffmpeg and friends (server/media/), handed in by the process that runs the jobs. */
	media: MediaTools;
	/** The site's address for links in e-mails (ctx.publicOrigin), never a request's Host. */
	publicOrigin: string;
	/** Enqueues one e-mail (a `mail.send` job) inside the caller's transaction. */
	enqueueMail(trx: Database, message: MailMessage): Promise<void>;
}

/** The attempt a handler is running. */
export interface JobAttempt {
	id: string;
	/** 0 on the first attempt. */
	retryCount: number;
	/** Aborted when the attempt expires or the worker stops. */
	signal: AbortSignal;
}

export interface JobHandler<P, Deps = JobDeps> {
	run(payload: P, deps: Deps, attempt: JobAttempt): Promise<void>;
	/**
	 * Called once when the job has failed for good: its retries are spent, or its last attempt's
	 * worker died. The owner of the job marks its row failed here, so nothing waits forever.
	 */
	onFinalFailure?(payload: P, deps: Deps, failure: { message: string }): Promise<void>;
}

/** One handler per job name: a missing one is a compile error. */
export type HandlerTable<D extends JobDefinitions, Deps = JobDeps> = {
	[N in keyof D]: JobHandler<ParsedPayloadOf<D, N>, Deps>;
};
