import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { postJson, signUpVerified } from '../helpers/users';

// The limits are the number of password checks a burst can buy, not failures counted afterwards:
// every attempt reserves its points before its password is hashed.

/** Fires requests all at once and tallies their statuses. */
async function burst(requests: (() => Promise<Response>)[]): Promise<Record<number, number>> {
	const statuses = await Promise.all(requests.map(async (send) => (await send()).status));
	const tally: Record<number, number> = {};
	for (const status of statuses) tally[status] = (tally[status] ?? 0) + 1;
	return tally;
}

const wrong = 'wrong-password-1';

describe('parallel guesses', () => {
	let app: TestApp;
	beforeAll(async () => {
		// The defaults: 5 per account, 50 per address.
		app = await startTestApp();
	});
	afterAll(() => app.stop());

	it('checks at most the per-account limit of 100 parallel wrong guesses plus the right password', async () => {
		const user = await signUpVerified(app);
		const limit = app.ctx.config.rateLimits.loginFailuresPerAccount;
		const attempts = Array.from({ length: 100 }, () => () =>
			postJson(app, '/api/auth/login', { login: user.username, password: wrong })
		);
		attempts.splice(50, 0, () => postJson(app, '/api/auth/login', { login: user.username, password: user.password }));
		const tally = await burst(attempts);

		// Every password checked answers 401 or 200; every other attempt was refused unchecked.
		// At most the limit of wrong guesses is checked. The right password, if it won a slot, gives
		// its own slot back once it succeeds, which can let one more guess in: never more.
		const wrongChecked = tally[401] ?? 0;
		const succeeded = tally[200] ?? 0;
		expect(wrongChecked).toBeLessThanOrEqual(limit);
		expect(wrongChecked).toBeGreaterThanOrEqual(limit - 1);
		expect(succeeded).toBeLessThanOrEqual(1);
		expect(wrongChecked + succeeded + (tally[429] ?? 0)).toBe(101);
		const checked = await app.ctx.db
			.selectFrom('auth_events')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('user_id', '=', user.user.id)
			.where('kind', '=', 'login')
			.where('reason', '=', 'wrong_password')
			.executeTakeFirstOrThrow();
		expect(Number(checked.n)).toBe(tally[401] ?? 0);
		expect(Number(checked.n)).toBeLessThanOrEqual(limit);
	});
});

describe('parallel guesses from one address', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp({ rateLimits: { loginFailuresPerIp: 12 } });
	});
	afterAll(() => app.stop());

	it('checks at most the per-address limit of 100 parallel guesses at 100 different accounts', async () => {
		const names = Array.from({ length: 100 }, (_, i) => `ghost_${Date.now().toString(36)}_${i}`);
		const tally = await burst(names.map((login) => () => postJson(app, '/api/auth/login', { login, password: wrong })));
		expect(tally[401]).toBe(12);
		expect(tally[429]).toBe(88);
		const checked = await app.ctx.db
			.selectFrom('auth_events')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('login_attempted', 'in', names)
			.where('reason', '=', 'unknown_account')
			.executeTakeFirstOrThrow();
		expect(Number(checked.n)).toBe(12);
	});
});

// Two web nodes on one database and one Redis: the reservation is one count for both. Needs real
// services: skipped on the embedded run.
const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;

describe.skipIf(!services)('parallel guesses spread over two nodes', () => {
	let first: TestApp;
	let second: TestApp;
	beforeAll(async () => {
		first = await startTestApp();
		// The second node only enqueues, so every mail lands in the first node's outbox.
		second = await startTestApp({ databaseUrl: first.ctx.config.databaseUrl, keyPrefix: first.ctx.config.keyPrefix, worker: 'off' });
	});
	afterAll(async () => {
		await second.stop();
		await first.stop();
	});

	it('checks at most the per-account limit of 100 wrong guesses sent half to each node', async () => {
		const user = await signUpVerified(first);
		const limit = first.ctx.config.rateLimits.loginFailuresPerAccount;
		const tally = await burst(
			Array.from({ length: 100 }, (_, i) => () =>
				postJson(i % 2 ? second : first, '/api/auth/login', { login: user.username, password: wrong })
			)
		);
		expect(tally[401]).toBe(limit);
		expect(tally[429]).toBe(100 - limit);
	});
});
