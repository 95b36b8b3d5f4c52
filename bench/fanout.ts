// Comment fan-out: one video room, sockets split over two ClassCast nodes on one PostgreSQL and
// one Redis, comments posted through the HTTP API at a steady rate. Each delivery's latency runs
// from the moment the POST is sent to the moment a socket receives `comment:created`. The same
// is measured, in the same run and with the same client, against a bare Socket.IO broadcast
// over two nodes on the same engine, adapter and Redis (bench/bare-node.ts), so the ratio
// shows what ClassCast adds: the session, validation, access check, the comment's transaction,
// the notification row, the emit. Then: the memory of idle authenticated sockets on one node.
//
//   bun run build && DATABASE_URL=postgres://... REDIS_URL=redis://... bun bench/fanout.ts \
//     [--sockets 500] [--rate 10] [--seconds 15] [--idle 1000]
//
// Goals (docs/PERFORMANCE.md): p99 ratio ≤ 3, lost 0, 1000 idle sockets ≤ 60 MB on one node.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { createSession } from '../src/lib/server/auth/session.service';
import { loadConfig } from '../src/lib/server/config';
import { createContext } from '../src/lib/server/context';
import { createScratchDatabase } from '../tests/helpers/database';

const { values } = parseArgs({
	options: {
		sockets: { type: 'string', default: '500' },
		rate: { type: 'string', default: '10' },
		seconds: { type: 'string', default: '15' },
		idle: { type: 'string', default: '1000' }
	},
	strict: true
});
const SOCKETS = Number(values.sockets);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const IDLE = Number(values.idle);
/** Posters share the posting (one comment a second each), so none of them meets the per-user comment limits. */
const POSTERS = Math.max(1, Math.ceil(RATE));
/** Viewers whose sessions the sockets use (several sockets per viewer, as tabs and phones do). */
const VIEWERS = 20;

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
	console.error('bench/fanout.ts measures two nodes: set DATABASE_URL and REDIS_URL.');
	process.exit(2);
}

const root = join(import.meta.dir, '..');
const dataDir = await mkdtemp(join(tmpdir(), 'classcast-fanout-'));
const keyPrefix = `bench-fanout-${Date.now()}`;
const scratch = await createScratchDatabase(databaseUrl);
const ports = { appA: 4401, appB: 4403, bareA: 4402, bareB: 4404 };

type Client = Socket;
type Stats = { p50: number; p99: number; max: number; delivered: number; expected: number; lost: number; duplicates: number };

// ---- fixtures: an owner's video shared with every viewer and poster, a session for each ----------
const setup = await (async () => {
	const ctx = await createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: scratch.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix }));
	const user = async (name: string) => {
		const row = await ctx.db
			.insertInto('users')
			.values({ email: `${name}@example.com`, username: name, password: 'not-a-hash', full_name: name, role: 'student', verified: true })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id: row.id, token: (await createSession(ctx.db, row.id, { ip: '127.0.0.1', userAgent: 'bench' })).token };
	};
	const owner = await user('fanout_owner');
	const viewers = await Promise.all(Array.from({ length: VIEWERS }, (_, i) => user(`fanout_viewer_${i}`)));
	const posters = await Promise.all(Array.from({ length: POSTERS }, (_, i) => user(`fanout_poster_${i}`)));
	const video = await ctx.db
		.insertInto('videos')
		.values({ user_id: owner.id, title: 'Fan-out étude', url: 'pending', duration: 600, video_status: 'ready' })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const person of [...viewers, ...posters]) {
		await ctx.db.insertInto('video_sharing').values({ video_id: video.id, user_id: person.id }).execute();
	}
	await ctx.close();
	return { videoId: video.id, viewers, posters };
})();

const children: ReturnType<typeof Bun.spawn>[] = [];
const spawnNode = (args: string[], env: Record<string, string>) => {
	const child = Bun.spawn(args, { cwd: root, env: { ...process.env, ...env }, stdout: 'ignore', stderr: 'inherit' });
	children.push(child);
	return child;
};

async function waitFor(url: string) {
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await Bun.sleep(100);
	}
	throw new Error(`${url} did not come up`);
}

/** Opens `count` websockets, alternating over `urls`; `prepare` runs once each is connected. */
async function openSockets(count: number, urls: string[], token: (i: number) => string | undefined, prepare?: (s: Client) => Promise<void>) {
	const sockets: Client[] = [];
	const batch = 50;
	for (let start = 0; start < count; start += batch) {
		await Promise.all(
			Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
				const i = start + k;
				const t = token(i);
				const socket = connect(urls[i % urls.length] as string, { transports: ['websocket'], reconnection: false, forceNew: true, auth: t ? { token: t } : {} });
				sockets.push(socket);
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', () => resolve());
					socket.once('connect_error', (error) => reject(error));
				});
				await prepare?.(socket);
			})
		);
	}
	return sockets;
}

/**
 * Sends `RATE` posts a second for `SECONDS` through `post(i)` (alternating nodes is the caller's
 * choice), and collects on every socket the index carried back by `indexOf`.
 */
async function measure(sockets: Client[], post: (i: number) => Promise<Response>, indexOf: (payload: unknown) => number | undefined): Promise<Stats> {
	const total = RATE * SECONDS;
	const sentAt = new Float64Array(total);
	const latencies: number[] = [];
	let duplicates = 0;
	const seen = sockets.map(() => new Set<number>());
	sockets.forEach((socket, s) => {
		const mine = seen[s] as Set<number>;
		socket.on('comment:created', (payload: unknown) => {
			const now = performance.now();
			const i = indexOf(payload);
			if (i === undefined || i < 0 || i >= total) return;
			if (mine.has(i)) return void duplicates++;
			mine.add(i);
			latencies.push(now - (sentAt[i] as number));
		});
	});
	const started = performance.now();
	const failures: string[] = [];
	const inFlight: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / RATE;
		const wait = due - performance.now();
		if (wait > 0) await Bun.sleep(wait);
		sentAt[i] = performance.now();
		inFlight.push(
			post(i).then(
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
	for (const socket of sockets) socket.off('comment:created');
	if (failures.length) throw new Error(`${failures.length} posts failed, e.g. ${failures[0]}`);
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
	const expected = total * sockets.length;
	return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN, delivered: latencies.length, expected, lost: expected - latencies.length, duplicates };
}

async function rssBytes(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return kb * 1024;
}

const tokenOf = (people: { token: string }[], i: number) => (people[i % people.length] as { token: string }).token;
const close = (sockets: Client[]) => sockets.forEach((socket) => socket.disconnect());

try {
	// ---- baseline: bare Socket.IO over two nodes and the same Redis ---------------------------------
	const bareEnv = (port: number) => ({ BARE_MODE: 'room', PORT: String(port), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${keyPrefix}-bare` });
	spawnNode(['bun', 'bench/bare-node.ts'], bareEnv(ports.bareA));
	spawnNode(['bun', 'bench/bare-node.ts'], bareEnv(ports.bareB));
	const bareUrls = [`http://127.0.0.1:${ports.bareA}`, `http://127.0.0.1:${ports.bareB}`];
	await Promise.all(bareUrls.map((url) => waitFor(`${url}/healthz`)));

	// ---- ClassCast: two web nodes; the first also runs the jobs --------------------------------------
	const appEnv = (port: number, worker: string) => ({
		PORT: String(port),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		LOG_LEVEL: 'warn',
		NODE_ENV: 'test',
		WORKER: worker,
		DATABASE_URL: scratch.url,
		REDIS_URL: redisUrl,
		REDIS_KEY_PREFIX: keyPrefix
	});
	const nodeA = spawnNode(['bun', 'server/index.ts'], appEnv(ports.appA, 'inline'));
	spawnNode(['bun', 'server/index.ts'], appEnv(ports.appB, 'off'));
	const appUrls = [`http://127.0.0.1:${ports.appA}`, `http://127.0.0.1:${ports.appB}`];
	await Promise.all(appUrls.map((url) => waitFor(`${url}/healthz`)));

	const payload = (i: number) => JSON.stringify({ content: `Bar ${i}: hold the bow closer to the bridge.`, timestamp: (i % 600) + 0.25, category: 'technique' });
	const indexFromContent = (body: unknown) => {
		const content = (body as { comment?: { content?: string } })?.comment?.content;
		const match = content ? /^Bar (\d+):/.exec(content) : null;
		return match ? Number(match[1]) : undefined;
	};

	console.log(`${SOCKETS} sockets over two nodes, ${RATE} comments/s for ${SECONDS}s (${RATE * SECONDS} comments)`);
	console.log('warming up…');
	const warm = await openSockets(10, bareUrls, () => undefined);
	close(warm);

	const bareSockets = await openSockets(SOCKETS, bareUrls, () => undefined);
	const bare = await measure(
		bareSockets,
		(i) =>
			fetch(`${bareUrls[i % 2]}/emit`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ comment: { content: `Bar ${i}: hold the bow closer to the bridge.` } })
			}),
		indexFromContent
	);
	close(bareSockets);

	const join = async (socket: Client) => {
		const ack = (await socket.timeout(10_000).emitWithAck('video:join', { videoId: setup.videoId })) as { ok: boolean; error?: { message: string } };
		if (!ack.ok) throw new Error(`video:join refused: ${ack.error?.message}`);
	};
	const appSockets = await openSockets(SOCKETS, appUrls, (i) => tokenOf(setup.viewers, i), join);
	const app = await measure(
		appSockets,
		(i) =>
			fetch(`${appUrls[i % 2]}/api/videos/${setup.videoId}/comments`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(setup.posters, i)}` },
				body: payload(i)
			}),
		indexFromContent
	);
	close(appSockets);

	// ---- memory: idle authenticated sockets on node A -------------------------------------------
	await Bun.sleep(3000);
	const before = await rssBytes(nodeA.pid);
	const idle = await openSockets(IDLE, appUrls.slice(0, 1), (i) => tokenOf(setup.viewers, i));
	await Bun.sleep(5000);
	const after = await rssBytes(nodeA.pid);
	close(idle);

	const ms = (n: number) => n.toFixed(1);
	console.log('\n| path | p50 ms | p99 ms | max ms | delivered | lost | duplicates |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const [name, s] of [['bare Socket.IO broadcast, 2 nodes + Redis (baseline)', bare], ['POST /api/videos/{id}/comments → comment:created', app]] as const) {
		console.log(`| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.delivered}/${s.expected} | ${s.lost} | ${s.duplicates} |`);
	}
	const ratio = app.p99 / bare.p99;
	console.log(`\np99 ratio to the bare broadcast: ${ratio.toFixed(2)}x (goal ≤ 3x); p50 ratio ${(app.p50 / bare.p50).toFixed(2)}x`);
	console.log(`lost comments: ${app.lost} (goal 0); duplicates: ${app.duplicates}`);
	const perSocketKb = (after - before) / IDLE / 1024;
	console.log(`${IDLE} idle authenticated sockets on one node: RSS +${((after - before) / 1024 / 1024).toFixed(1)} MB (${perSocketKb.toFixed(1)} KB each; goal ≤ 60 MB)`);
} finally {
	for (const child of children) child.kill();
	await Promise.all(children.map((child) => child.exited));
	await rm(dataDir, { recursive: true, force: true });
	await scratch.drop();
}
