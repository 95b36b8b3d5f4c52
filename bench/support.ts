// What the benches that start ClassCast nodes share (fanout.ts, messaging.ts, coreview.ts): a
// workspace of the run's own (a temp folder, a scratch database, the child processes, all undone at
// the end), users with sessions seeded before any node starts, app and bare nodes on fixed ports,
// sockets, and the steady-rate delivery measurement with the table docs/PERFORMANCE.md quotes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createSession } from '../src/lib/server/auth/session.service';
import { loadConfig } from '../src/lib/server/config';
import { createContext, type AppContext } from '../src/lib/server/context';
import type { Database } from '../src/lib/server/db/database';
import { createScratchDatabase } from '../tests/helpers/database';

type Child = ReturnType<typeof Bun.spawn>;

/** DATABASE_URL and REDIS_URL; without both, a bench that measures two nodes exits 2 naming itself. */
export function requireServices(bench: string): { databaseUrl: string; redisUrl: string } {
	const databaseUrl = process.env.DATABASE_URL;
	const redisUrl = process.env.REDIS_URL;
	if (!databaseUrl || !redisUrl) {
		console.error(`${bench} measures two nodes: set DATABASE_URL and REDIS_URL.`);
		process.exit(2);
	}
	return { databaseUrl, redisUrl };
}

/** The settings the seeding and every node of one run share ('' leaves a service embedded). */
export interface RunEnv {
	DATA_DIR: string;
	DATABASE_URL: string;
	REDIS_URL: string;
	REDIS_KEY_PREFIX: string;
}

export interface Workspace {
	/** A temp folder of the run's own; DATA_DIR is its `data` folder. */
	dir: string;
	env: RunEnv;
	/** Starts a process from the repository's root with `env` over this one's; `close` stops it. */
	spawn(args: string[], env: Record<string, string>): Child;
	/** Stops the processes, removes the folder and drops the scratch database. */
	close(): Promise<void>;
}

/**
 * A run's workspace; `name` tells its folder and Redis keys apart. With `databaseUrl` the run gets a
 * scratch database on that server; without it the nodes keep PGlite in DATA_DIR.
 */
export async function openWorkspace(name: string, services: { databaseUrl?: string; redisUrl?: string } = {}): Promise<Workspace> {
	const root = join(import.meta.dir, '..');
	const dir = await mkdtemp(join(tmpdir(), `classcast-bench-${name}-`));
	const scratch = services.databaseUrl ? await createScratchDatabase(services.databaseUrl) : undefined;
	const env = { DATA_DIR: join(dir, 'data'), DATABASE_URL: scratch?.url ?? '', REDIS_URL: services.redisUrl ?? '', REDIS_KEY_PREFIX: `bench-${name}-${Date.now()}` };
	const children: Child[] = [];
	return {
		dir,
		env,
		spawn(args, extra) {
			const child = Bun.spawn(args, { cwd: root, env: { ...process.env, ...extra }, stdout: 'ignore', stderr: 'inherit' });
			children.push(child);
			return child;
		},
		async close() {
			for (const child of children) child.kill();
			await Promise.all(children.map((child) => child.exited));
			await rm(dir, { recursive: true, force: true });
			await scratch?.drop();
		}
	};
}

/** Runs `fill` on a silent context of the run's own, closed afterwards: fixtures go in before any node opens the database. */
export async function seed<T>(workspace: Workspace, fill: (ctx: AppContext) => Promise<T>): Promise<T> {
	const ctx = await createContext(loadConfig({ ...workspace.env, LOG_LEVEL: 'silent' }));
	try {
		return await fill(ctx);
	} finally {
		await ctx.close();
	}
}

export type Person = { id: number; token: string };

/** A verified user row called `name` (username, full name, `name@example.com`) with a session of its own. */
export async function insertPerson(db: Database, name: string, role: 'student' | 'teacher' = 'student'): Promise<Person> {
	const row = await db
		.insertInto('users')
		.values({ email: `${name}@example.com`, username: name, password: 'not-a-hash', full_name: name, role, verified: true })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, token: (await createSession(db, row.id, { ip: '127.0.0.1', userAgent: 'bench' })).token };
}

/**
 * ClassCast web nodes (`server/index.ts`, so after `bun run build`) on `ports` of 127.0.0.1, on the
 * workspace's database and Redis; the first also runs the jobs. `origin` sets each node's ORIGIN to
 * its own address, as pages in a browser need.
 */
export function startAppNodes(workspace: Workspace, options: { ports: number[]; origin?: boolean }): { urls: string[]; nodes: Child[] } {
	const urls = options.ports.map((port) => `http://127.0.0.1:${port}`);
	const nodes = options.ports.map((port, i) =>
		workspace.spawn(['bun', 'server/index.ts'], {
			...workspace.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			...(options.origin ? { ORIGIN: urls[i] as string } : {}),
			NODE_ENV: 'test',
			LOG_LEVEL: 'warn',
			WORKER: i === 0 ? 'inline' : 'off'
		})
	);
	return { urls, nodes };
}

/** Bare Socket.IO nodes (bench/bare-node.ts in `mode`) on `ports`, on the workspace's Redis under keys of their own. */
export function startBareNodes(workspace: Workspace, options: { mode: 'room' | 'user'; ports: number[] }): string[] {
	for (const port of options.ports) {
		workspace.spawn(['bun', 'bench/bare-node.ts'], { BARE_MODE: options.mode, PORT: String(port), REDIS_URL: workspace.env.REDIS_URL, REDIS_KEY_PREFIX: `${workspace.env.REDIS_KEY_PREFIX}-bare` });
	}
	return options.ports.map((port) => `http://127.0.0.1:${port}`);
}

/** Waits until each base URL answers `/healthz` (30 s at the most). */
export async function waitUntilHealthy(urls: string[]): Promise<void> {
	await Promise.all(
		urls.map(async (base) => {
			for (let i = 0; i < 300; i++) {
				try {
					if ((await fetch(`${base}/healthz`)).ok) return;
				} catch {
					// not up yet
				}
				await Bun.sleep(100);
			}
			throw new Error(`${base}/healthz did not come up`);
		})
	);
}

/** A websocket to `url` that never reconnects, once connected; rejects with the refusal. */
export async function openSocket(url: string, auth: Record<string, unknown> = {}): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return socket;
}

/** `make(0)` … `make(count - 1)`, `size` at a time (a bound on handshakes in flight), in order. */
export async function inBatches<T>(batches: { count: number; size: number }, make: (i: number) => Promise<T>): Promise<T[]> {
	const made: T[] = [];
	for (let start = 0; start < batches.count; start += batches.size) {
		made.push(...(await Promise.all(Array.from({ length: Math.min(batches.size, batches.count - start) }, (_, k) => make(start + k)))));
	}
	return made;
}

/** What one run of posts delivered: latency quantiles in ms, and how many arrived, were lost or came twice. */
export type Stats = { p50: number; p99: number; max: number; delivered: number; expected: number; lost: number; duplicates: number };

/** A socket whose `event` counts; `indexOf` reads the post's index from a payload (undefined: not one to count). */
export interface Receiver {
	socket: Socket;
	indexOf(payload: unknown): number | undefined;
}

export interface MeasureOptions {
	/** Posts a second, and for how long. */
	rate: number;
	seconds: number;
	event: string;
	receivers: Receiver[];
	/** How many receivers should hear each post: all of a room, or the one recipient. */
	deliveriesPerPost: number;
	/** Sends post `i` (which node is the caller's choice); anything but a 201 fails the run. */
	post(i: number): Promise<Response>;
}

/**
 * Sends `rate` posts a second for `seconds` and times each delivery from the moment its post was
 * sent to the moment a receiver hears it; a receiver hearing a post again counts a duplicate.
 */
export async function measureDeliveries(options: MeasureOptions): Promise<Stats> {
	const total = options.rate * options.seconds;
	const sentAt = new Float64Array(total);
	const latencies: number[] = [];
	let duplicates = 0;
	for (const { socket, indexOf } of options.receivers) {
		const seen = new Set<number>();
		socket.on(options.event, (payload: unknown) => {
			const now = performance.now();
			const i = indexOf(payload);
			if (i === undefined || i < 0 || i >= total) return;
			if (seen.has(i)) return void duplicates++;
			seen.add(i);
			latencies.push(now - (sentAt[i] as number));
		});
	}
	const started = performance.now();
	const failures: string[] = [];
	const inFlight: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / options.rate;
		const wait = due - performance.now();
		if (wait > 0) await Bun.sleep(wait);
		sentAt[i] = performance.now();
		inFlight.push(
			options.post(i).then(
				async (response) => {
					if (response.status !== 201) failures.push(`${response.status} ${await response.text()}`);
				},
				(error: Error) => void failures.push(error.message)
			)
		);
	}
	await Promise.all(inFlight);
	// Whatever has not arrived two seconds after the last answer is lost.
	await Bun.sleep(2000);
	for (const { socket } of options.receivers) socket.off(options.event);
	if (failures.length) throw new Error(`${failures.length} posts failed, e.g. ${failures[0]}`);
	latencies.sort((a, b) => a - b);
	const expected = total * options.deliveriesPerPost;
	return { p50: pick(latencies, 0.5), p99: pick(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN, delivered: latencies.length, expected, lost: expected - latencies.length, duplicates };
}

/** The `q` quantile of the finite values: the one at floor(q·n) in order (NaN when there are none). */
export function percentile(values: number[], q: number): number {
	return pick(
		values.filter(Number.isFinite).sort((a, b) => a - b),
		q
	);
}

function pick(sorted: number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Prints the table of delivery figures that docs/PERFORMANCE.md quotes, a row per measured path. */
export function printDeliveries(rows: readonly (readonly [path: string, stats: Stats])[]): void {
	const ms = (n: number) => n.toFixed(1);
	console.log('\n| path | p50 ms | p99 ms | max ms | delivered | lost | duplicates |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const [path, s] of rows) {
		console.log(`| ${path} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.delivered}/${s.expected} | ${s.lost} | ${s.duplicates} |`);
	}
}
