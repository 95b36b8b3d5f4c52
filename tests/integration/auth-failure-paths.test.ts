import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { sql } from 'kysely';
import { createAuthRateLimits } from '../../src/lib/server/auth/rate-limits';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { newUserFields, postJson, register, signUpVerified, tokenFromOutbox } from '../helpers/users';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('sign-up when the mail server is down', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
	});
	afterAll(() => app.stop());

	it('answers 201 with the account and its verification token stored, and logs the failure with its stack', async () => {
		const fields = newUserFields();
		const response = await postJson(app, '/api/auth/register', fields);
		expect(response.status).toBe(201);
		const { user } = (await response.json()) as { user: { id: number } };
		const tokens = await app.ctx.db
			.selectFrom('email_tokens')
			.select(['purpose', 'used_at'])
			.where('user_id', '=', user.id)
			.execute();
		expect(tokens).toEqual([{ purpose: 'verify_email', used_at: null }]);

		// The mail is a job: its failed attempt is logged with its stack, and retried.
		const attemptFailed = () =>
			app.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'job attempt failed' && l.job === 'mail.send');
		for (let waited = 0; !attemptFailed() && waited < 10_000; waited += 100) await Bun.sleep(100);
		const line = attemptFailed();
		expect(line).toBeDefined();
		expect(line.level).toBe(40);
		expect(typeof line.err?.stack).toBe('string');
		expect(line.err.stack).toContain('\n    at ');
		// The link's token never reaches the log.
		expect(JSON.stringify(line)).not.toMatch(/token=/);
	});

	it('still answers 202 to resend and forgot-password, for an existing address as for an unknown one', async () => {
		const fields = newUserFields();
		expect((await postJson(app, '/api/auth/register', fields)).status).toBe(201);
		for (const path of ['/api/auth/resend-verification', '/api/auth/forgot-password']) {
			const known = await postJson(app, path, { email: fields.email });
			const unknown = await postJson(app, path, { email: `nobody-${fields.email}` });
			expect([path, known.status]).toEqual([path, 202]);
			expect(await known.json()).toEqual(await unknown.json());
		}
	});
});

describe('half-made accounts', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp({ rateLimits: { registrationsPerIp: 100 } });
	});
	afterAll(() => app.stop());

	/** Makes every statement of one kind on a table fail, until the returned function undoes it. */
	async function failOn(table: 'email_tokens' | 'users', operation: 'insert' | 'update') {
		const name = sql.id(`classcast_test_fail_${table}_${operation}`);
		await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(app.ctx.db);
		await sql`create trigger ${name} before ${sql.raw(operation)} on ${sql.table(table)} for each row execute function ${name}()`.execute(app.ctx.db);
		return async () => {
			await sql`drop trigger ${name} on ${sql.table(table)}`.execute(app.ctx.db);
			await sql`drop function ${name}()`.execute(app.ctx.db);
		};
	}

	it('leaves no account behind when its verification token cannot be stored', async () => {
		const fields = newUserFields();
		const restore = await failOn('email_tokens', 'insert');
		try {
			expect((await postJson(app, '/api/auth/register', fields)).status).toBe(500);
		} finally {
			await restore();
		}
		const row = await app.ctx.db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst();
		expect(row).toBeUndefined();
		// The address is still free: signing up again works.
		expect((await postJson(app, '/api/auth/register', fields)).status).toBe(201);
	});

	it('keeps the verification link usable when verifying the user fails', async () => {
		const account = await register(app);
		const token = tokenFromOutbox(app, account.email, 'verify-email');
		const restore = await failOn('users', 'update');
		try {
			expect((await postJson(app, '/api/auth/verify-email', { token })).status).toBe(500);
		} finally {
			await restore();
		}
		const stored = await app.ctx.db
			.selectFrom('email_tokens')
			.select('used_at')
			.where('token_hash', '=', hashToken(token))
			.executeTakeFirstOrThrow();
		expect(stored.used_at).toBeNull();
		const verified = await postJson(app, '/api/auth/verify-email', { token });
		expect(verified.status).toBe(200);
	});
});

describe('login when Redis is down', () => {
	let app: TestApp;
	let deadRedis: Redis;
	beforeAll(async () => {
		app = await startTestApp({ rateLimits: { loginFailuresPerAccount: 3 } });
		// The running app's limiters now point at a Redis that cannot be reached.
		deadRedis = new Redis({ host: '127.0.0.1', port: await closedPort(), enableOfflineQueue: false, lazyConnect: true });
		deadRedis.on('error', () => undefined);
		deadRedis.connect().catch(() => undefined);
		app.ctx.rateLimits = createAuthRateLimits(app.ctx.config, deadRedis);
	});
	afterAll(async () => {
		deadRedis.disconnect();
		await app.stop();
	});

	it('signs in, and still limits failures in memory, instead of answering 500', async () => {
		const user = await signUpVerified(app);
		expect((await postJson(app, '/api/auth/login', { login: user.username, password: user.password })).status).toBe(200);
		for (let i = 0; i < 3; i++) {
			expect((await postJson(app, '/api/auth/login', { login: user.username, password: 'wrong-password-1' })).status).toBe(401);
		}
		expect((await postJson(app, '/api/auth/login', { login: user.username, password: user.password })).status).toBe(429);
	});

	it('takes sign-ups and reset requests too', async () => {
		const fields = newUserFields();
		expect((await postJson(app, '/api/auth/register', fields)).status).toBe(201);
		expect((await postJson(app, '/api/auth/forgot-password', { email: fields.email })).status).toBe(202);
	});
});
