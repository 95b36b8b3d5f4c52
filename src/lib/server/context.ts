import Redis from 'ioredis';
import { sql } from 'kysely';
import { createAuthRateLimits, type AuthRateLimits } from './auth/rate-limits';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import { createJobs, type Jobs } from './jobs/index';
import { createLogger, type Logger } from './logger';
import { createMailer, type Mailer } from './mail/mailer';
import { createRealtimeEmitter, type RealtimeEmitter } from './realtime/emitter';
import { createMemoryStateStore, createRedisStateStore, type ReviewStateStore } from './review/state-store';
import { createStorage } from './storage/create-storage';
import type { Storage } from './storage/storage';
import type { VideoJobs } from './videos/video-jobs';

/** Everything a request needs, built once per process from the configuration. */
export interface AppContext {
	config: Config;
	db: Database;
	logger: Logger;
	mailer: Mailer;
	storage: Storage;
	redis: Redis | undefined;
	rateLimits: AuthRateLimits;
	/** Background jobs (pg-boss on the same database): enqueue inside the transaction of their row. */
	jobs: Jobs;
	/**
	 * The origin of links in e-mail: `ORIGIN`, or else the address this server listens on (the
	 * server entry sets it once bound). Never taken from a request's Host header.
	 */
	publicOrigin: string;
	/** Pushes events to sockets on every node; see realtime/emitter.ts. */
	realtime: RealtimeEmitter;
	/** Live co-review playback states: in Redis when REDIS_URL is set, so every node sees one state. */
	reviewStates: ReviewStateStore;
	/** How the video service enqueues a transcode: the job queue, or a test's recorder. */
	videoJobs?: VideoJobs;
	close(): Promise<void>;
}

export async function createContext(config: Config, options: { logger?: Logger } = {}): Promise<AppContext> {
	const logger = options.logger ?? createLogger(config.logLevel);
	const db = await openDatabase(config, {
		onIdleError: (error) => logger.warn({ err: error.message }, 'idle database connection lost')
	});
	await migrateToLatest(db);
	const redis = config.redisUrl
		? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
		: undefined;
	redis?.on('error', (error) => logger.error({ err: error.message }, 'redis error'));
	const jobs = await createJobs({ config, db, logger });
	return {
		config,
		db,
		logger,
		redis,
		mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger }),
		storage: createStorage(config),
		rateLimits: createAuthRateLimits(config, redis),
		jobs,
		videoJobs: { enqueueTranscode: (trx, videoId) => jobs.enqueue(trx, 'video.transcode', { videoId }).then(() => undefined) },
		publicOrigin: config.origin ?? listenOrigin(config.host, config.port),
		realtime: createRealtimeEmitter({ redis, keyPrefix: config.keyPrefix, logger }),
		reviewStates: redis ? createRedisStateStore(redis, config.keyPrefix) : createMemoryStateStore(),
		async close() {
			await jobs.close();
			await redis?.quit().catch(() => undefined);
			await db.destroy();
		}
	};
}

/** `http://localhost:3000` for a server on all interfaces, else the address it is bound to. */
export function listenOrigin(host: string, port: number): string {
	const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
	return `http://${name}:${port}`;
}

export async function isDatabaseReachable(ctx: AppContext): Promise<boolean> {
	try {
		await sql`select 1`.execute(ctx.db);
		return true;
	} catch {
		return false;
	}
}

// The SvelteKit bundle and the unbundled server entry each get their own copy of this module,
// so the one context of the process is kept on globalThis under a registered symbol.
const KEY = Symbol.for('classcast.context');
type Holder = { [KEY]?: Promise<AppContext> };

export function setContext(ctx: AppContext | Promise<AppContext>): void {
	(globalThis as Holder)[KEY] = Promise.resolve(ctx);
}

export function clearContext(): void {
	delete (globalThis as Holder)[KEY];
}

/** What the server entry knows about a request before SvelteKit sees it. */
export interface RequestBinding {
	ctx: AppContext;
	/** The client's address: the socket peer, or X-Forwarded-For's last hop behind a trusted proxy. */
	clientAddress: string | null;
}

// Keyed by the incoming Request object, which the adapter hands to hooks as `platform.request`.
// This lets several servers (tests) run in one process, each with its own context.
const BINDINGS = Symbol.for('classcast.request-bindings');
type BindingHolder = { [BINDINGS]?: WeakMap<Request, RequestBinding> };
const bindings = () => ((globalThis as BindingHolder)[BINDINGS] ??= new WeakMap());

export function bindRequest(request: Request, binding: RequestBinding): void {
	bindings().set(request, binding);
}

export function requestBinding(request: Request | undefined): RequestBinding | undefined {
	return request ? bindings().get(request) : undefined;
}

/** The process's context; when none was set (vite dev), one is created from the environment. */
export function getContext(fallback: () => Promise<AppContext>): Promise<AppContext> {
	const holder = globalThis as Holder;
	holder[KEY] ??= fallback();
	return holder[KEY];
}
