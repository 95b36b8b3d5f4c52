// Messaging latency: 200 teacher–student pairs, each person's socket on a different one of two
// ClassCast nodes (one PostgreSQL, one Redis), messages posted through the HTTP API at a steady
// rate by alternating sides. Each delivery's latency runs from the moment the POST is sent (to the
// sender's node) to the moment the recipient's socket (on the other node) receives `message:new`.
// The same is measured, in the same run and with the same client, against a bare Socket.IO emit to
// a user room over two nodes on the same engine, adapter and Redis (bench/bare-node.ts), so
// the ratio shows what ClassCast adds: the session, validation, the access and connection checks,
// the rate limit, the message's transaction (seq, read position), the emits.
//
//   bun run build && DATABASE_URL=postgres://... REDIS_URL=redis://... bun bench/messaging.ts \
//     [--pairs 200] [--rate 50] [--seconds 12]
//
// Goals (docs/PERFORMANCE.md): p99 ratio ≤ 3, lost 0.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { createSession } from '../src/lib/server/auth/session.service';
import { loadConfig } from '../src/lib/server/config';
import { createContext } from '../src/lib/server/context';
import { findOrCreateDirect } from '../src/lib/server/messaging/conversations.repository';
import { createScratchDatabase } from '../tests/helpers/database';

const { values } = parseArgs({
	options: { pairs: { type: 'string', default: '200' }, rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '12' } },
	strict: true
});
const PAIRS = Number(values.pairs);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
	console.error('bench/messaging.ts measures two nodes: set DATABASE_URL and REDIS_URL.');
	process.exit(2);
}

const root = join(import.meta.dir, '..');
const dataDir = await mkdtemp(join(tmpdir(), 'classcast-messaging-'));
const keyPrefix = `bench-messaging-${Date.now()}`;
const scratch = await createScratchDatabase(databaseUrl);
const ports = { appA: 4411, appB: 4413, bareA: 4412, bareB: 4414 };

type Person = { id: number; token: string };
type Pair = { student: Person; teacher: Person; conversationId: number };
type Stats = { p50: number; p99: number; max: number; delivered: number; expected: number; lost: number; duplicates: number };

// ---- fixtures: active relationships, their conversations, a session per person ----------------
const pairs: Pair[] = await (async () => {
	const ctx = await createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: scratch.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix }));
	const person = async (name: string, role: 'student' | 'teacher'): Promise<Person> => {
		const row = await ctx.db
			.insertInto('users')
			.values({ email: `${name}@example.com`, username: name, password: 'not-a-hash', full_name: name, role, verified: true })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id: row.id, token: (await createSession(ctx.db, row.id, { ip: '127.0.0.1', userAgent: 'bench' })).token };
	};
	const made: Pair[] = [];
	for (let i = 0; i < PAIRS; i++) {
		const [student, teacher] = [await person(`msg_student_${i}`, 'student'), await person(`msg_teacher_${i}`, 'teacher')];
		await ctx.db.insertInto('student_teacher_relationships').values({ student_id: student.id, teacher_id: teacher.id, requested_by: student.id, status: 'active' }).execute();
		const { id } = await ctx.db.transaction().execute((trx) => findOrCreateDirect(trx, student.id, teacher.id));
		made.push({ student, teacher, conversationId: id });
	}
	await ctx.close();
	return made;
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

async function open(url: string, auth: Record<string, unknown>): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return socket;
}

/** Each pair's student on node A, teacher on node B; `auth` says how a person's socket signs in. */
async function openPairs(urls: [string, string], auth: (p: Person) => Record<string, unknown>) {
	const sockets: { student: Socket; teacher: Socket }[] = [];
	for (let start = 0; start < pairs.length; start += 25) {
		const batch = pairs.slice(start, start + 25);
		sockets.push(...(await Promise.all(batch.map(async (p) => ({ student: await open(urls[0], auth(p.student)), teacher: await open(urls[1], auth(p.teacher)) })))));
	}
	return sockets;
}

/**
 * Message i goes in pair i % PAIRS, from the student (POST to node A) on even rounds, from the
 * teacher (POST to node B) on odd ones; only the recipient's socket counts its arrival.
 */
async function measure(sockets: { student: Socket; teacher: Socket }[], post: (i: number, pair: Pair, fromStudent: boolean) => Promise<Response>): Promise<Stats> {
	const total = RATE * SECONDS;
	const sentAt = new Float64Array(total);
	const latencies: number[] = [];
	const seen = new Set<number>();
	let duplicates = 0;
	const listen = (socket: Socket, recipientIsStudent: boolean) =>
		socket.on('message:new', ({ message }: { message: { content: string | null } }) => {
			const now = performance.now();
			const match = /^m(\d+) ([st])/.exec(message.content ?? '');
			if (!match) return;
			const i = Number(match[1]);
			if ((match[2] === 's') === recipientIsStudent) return; // the sender's own echo
			if (seen.has(i)) return void duplicates++;
			seen.add(i);
			latencies.push(now - (sentAt[i] as number));
		});
	for (const pair of sockets) {
		listen(pair.student, true);
		listen(pair.teacher, false);
	}
	const started = performance.now();
	const failures: string[] = [];
	const inFlight: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / RATE;
		const wait = due - performance.now();
		if (wait > 0) await Bun.sleep(wait);
		const pair = pairs[i % PAIRS] as Pair;
		const fromStudent = Math.floor(i / PAIRS) % 2 === 0;
		sentAt[i] = performance.now();
		inFlight.push(
			post(i, pair, fromStudent).then(
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
	for (const pair of sockets) for (const socket of [pair.student, pair.teacher]) socket.off('message:new');
	if (failures.length) throw new Error(`${failures.length} posts failed, e.g. ${failures[0]}`);
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
	return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN, delivered: latencies.length, expected: total, lost: total - latencies.length, duplicates };
}

const close = (sockets: { student: Socket; teacher: Socket }[]) => sockets.forEach((p) => (p.student.disconnect(), p.teacher.disconnect()));
const text = (i: number, fromStudent: boolean) => `m${i} ${fromStudent ? 's' : 't'}: shall we take the second movement slower?`;

try {
	const bareEnv = (port: number) => ({ BARE_MODE: 'user', PORT: String(port), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${keyPrefix}-bare` });
	spawnNode(['bun', 'bench/bare-node.ts'], bareEnv(ports.bareA));
	spawnNode(['bun', 'bench/bare-node.ts'], bareEnv(ports.bareB));
	const bareUrls: [string, string] = [`http://127.0.0.1:${ports.bareA}`, `http://127.0.0.1:${ports.bareB}`];

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
	spawnNode(['bun', 'server/index.ts'], appEnv(ports.appA, 'inline'));
	spawnNode(['bun', 'server/index.ts'], appEnv(ports.appB, 'off'));
	const appUrls: [string, string] = [`http://127.0.0.1:${ports.appA}`, `http://127.0.0.1:${ports.appB}`];
	await Promise.all([...bareUrls, ...appUrls].map((url) => waitFor(`${url}/healthz`)));

	console.log(`${PAIRS} pairs (${PAIRS * 2} sockets) over two nodes, ${RATE} messages/s for ${SECONDS}s (${RATE * SECONDS} messages)`);
	const warm = await open(bareUrls[0], { userId: 0 });
	warm.disconnect();

	const bareSockets = await openPairs(bareUrls, (p) => ({ userId: p.id }));
	const bare = await measure(bareSockets, (i, pair, fromStudent) =>
		fetch(`${bareUrls[fromStudent ? 0 : 1]}/emit`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ userId: fromStudent ? pair.teacher.id : pair.student.id, message: { content: text(i, fromStudent) } })
		})
	);
	close(bareSockets);

	const appSockets = await openPairs(appUrls, (p) => ({ token: p.token }));
	const app = await measure(appSockets, (i, pair, fromStudent) =>
		fetch(`${appUrls[fromStudent ? 0 : 1]}/api/conversations/${pair.conversationId}/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${(fromStudent ? pair.student : pair.teacher).token}` },
			body: JSON.stringify({ content: text(i, fromStudent) })
		})
	);
	close(appSockets);

	const ms = (n: number) => n.toFixed(1);
	console.log('\n| path | p50 ms | p99 ms | max ms | delivered | lost | duplicates |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const [name, s] of [['bare Socket.IO emit to a user room, 2 nodes + Redis (baseline)', bare], ['POST /api/conversations/{id}/messages → message:new', app]] as const) {
		console.log(`| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.delivered}/${s.expected} | ${s.lost} | ${s.duplicates} |`);
	}
	console.log(`\np99 ratio to the bare emit: ${(app.p99 / bare.p99).toFixed(2)}x (goal ≤ 3x); p50 ratio ${(app.p50 / bare.p50).toFixed(2)}x`);
	console.log(`lost messages: ${app.lost} (goal 0); duplicates: ${app.duplicates}`);
} finally {
	for (const child of children) child.kill();
	await Promise.all(children.map((child) => child.exited));
	await rm(dataDir, { recursive: true, force: true });
	await scratch.drop();
}
