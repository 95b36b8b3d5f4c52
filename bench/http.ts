// Request-path overhead: ClassCast's full stack (Bun.serve → SvelteKit hooks → session lookup →
// route) against a bare Bun.serve answering the same JSON, measured in the same run with the same
// client. Also: a login against a bare argon2id verify with the same parameters.
//
//   bun run build && bun bench/http.ts [--seconds 5] [--concurrency 16]
//
// With DATABASE_URL (and REDIS_URL) set, the app runs on a scratch PostgreSQL database instead of PGlite.
//
// Prints requests/s and p50/p99 latency for each, and the ratios. Results go to docs/PERFORMANCE.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from '../src/lib/server/auth/auth.service';
import { loadConfig } from '../src/lib/server/config';
import { createContext } from '../src/lib/server/context';
import { createScratchDatabase } from '../tests/helpers/database';

const { values } = parseArgs({
	options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '16' } },
	strict: true
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);

type Result = { rps: number; p50: number; p99: number; count: number };

/** Keeps `CONCURRENCY` requests in flight for `seconds`; every response must be 200. */
async function load(makeRequest: () => Promise<Response>, seconds = SECONDS): Promise<Result> {
	const latencies: number[] = [];
	const end = performance.now() + seconds * 1000;
	const worker = async () => {
		while (performance.now() < end) {
			const started = performance.now();
			const response = await makeRequest();
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`status ${response.status}`);
			latencies.push(performance.now() - started);
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const elapsed = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
	return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), count: latencies.length };
}

async function waitFor(url: string) {
	for (let i = 0; i < 200; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await Bun.sleep(100);
	}
	throw new Error(`${url} did not come up`);
}

const root = join(import.meta.dir, '..');
const dataDir = await mkdtemp(join(tmpdir(), 'classcast-bench-'));
const appPort = 4301;
const barePort = 4302;
const password = 'Benchmark-cello-2026';

const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
const databaseUrl = scratch?.url ?? '';
const redisUrl = scratch ? (process.env.REDIS_URL ?? '') : '';

// A verified account, created in the database before the server opens it.
{
	const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });
	const ctx = await createContext(config);
	const user = await register(ctx, { email: 'metronome@example.com', username: 'metronome', password, fullName: 'Bench', role: 'teacher' }, { ip: null, userAgent: null, origin: 'http://localhost' });
	await ctx.db.updateTable('users').set({ verified: true }).where('id', '=', user.id).execute();
	await ctx.close();
}

// Both servers run as separate processes, so the client's work is not counted against either.
const bare = Bun.spawn(
	['bun', '-e', `Bun.serve({ port: ${barePort}, fetch: () => Response.json({ status: 'ok' }) })`],
	{ stdout: 'ignore', stderr: 'inherit' }
);
const app = Bun.spawn(['bun', 'server/index.ts'], {
	cwd: root,
	env: { ...process.env, PORT: String(appPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench-${Date.now()}` },
	stdout: 'ignore',
	stderr: 'inherit'
});

try {
	const base = `http://127.0.0.1:${appPort}`;
	const bareUrl = `http://127.0.0.1:${barePort}/`;
	await Promise.all([waitFor(bareUrl), waitFor(`${base}/healthz`)]);
	const loginBody = JSON.stringify({ login: 'metronome', password });
	const loginRequest = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loginBody });
	const { token } = (await (await loginRequest()).json()) as { token: string };
	const auth = { authorization: `Bearer ${token}` };

	console.log('warming up…');
	await load(() => fetch(bareUrl), 1);
	await load(() => fetch(`${base}/api/auth/me`, { headers: auth }), 1);

	const bareResult = await load(() => fetch(bareUrl));
	const health = await load(() => fetch(`${base}/healthz`));
	const ready = await load(() => fetch(`${base}/readyz`));
	const me = await load(() => fetch(`${base}/api/auth/me`, { headers: auth }));

	// Login is dominated by argon2id on purpose; compare with the hash alone, same parameters and
	// concurrency, so the ratio shows what the login path adds (rate-limit checks, session, audit).
	const hash = await Bun.password.hash(password, { algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2 });
	const verifyOnly = await load(async () => {
		await Bun.password.verify(password, hash);
		return new Response('ok');
	});
	const loginResult = await load(loginRequest);

	const table = (rows: [string, Result][], baseline: Result) => {
		console.log('| path | req/s | p50 ms | p99 ms | ratio to baseline |');
		console.log('| --- | ---: | ---: | ---: | ---: |');
		for (const [name, r] of rows) {
			console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.rps / baseline.rps).toFixed(3)} |`);
		}
	};
	const store = scratch ? `PostgreSQL${redisUrl ? ' + Redis' : ''}` : 'embedded PGlite';
	console.log(`\n${CONCURRENCY} concurrent clients, ${SECONDS}s each, ${store}\n`);
	table(
		[
			['bare Bun.serve JSON (baseline)', bareResult],
			['GET /healthz (hooks, no DB)', health],
			['GET /readyz (hooks + select 1)', ready],
			['GET /api/auth/me (Bearer session lookup)', me]
		],
		bareResult
	);
	console.log('');
	table(
		[
			['argon2id verify alone (baseline)', verifyOnly],
			['POST /api/auth/login', loginResult]
		],
		verifyOnly
	);
} finally {
	bare.kill();
	app.kill();
	await Promise.all([bare.exited, app.exited]);
	await rm(dataDir, { recursive: true, force: true });
	await scratch?.drop();
}
