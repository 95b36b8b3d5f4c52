import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { reserveLoginAttempt, loginScope } from '../../src/lib/server/auth/login-limits';
import { consumePoint, createAuthRateLimits, type AuthRateLimits } from '../../src/lib/server/auth/rate-limits';
import { loadConfig } from '../../src/lib/server/config';
import { AppError } from '../../src/lib/server/errors';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

const statusOf = (promise: Promise<unknown>) =>
	promise.then(
		() => 'ok',
		(error: unknown) => (error instanceof AppError ? error.status : `not an AppError: ${String(error)}`)
	);

describe('auth rate limits with Redis unreachable', () => {
	let redis: Redis;
	let limits: AuthRateLimits;
	beforeAll(async () => {
		redis = new Redis({ host: '127.0.0.1', port: await closedPort(), enableOfflineQueue: false, lazyConnect: true });
		redis.on('error', () => undefined);
		redis.connect().catch(() => undefined);
		const config = loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '5' });
		limits = createAuthRateLimits(config, redis);
	});
	afterAll(() => redis.disconnect());

	it('still counts, in memory, and refuses past the limit with a 429 rather than an error', async () => {
		const scope = loginScope(limits, 'someone', undefined, undefined);
		const outcomes = [];
		for (let i = 0; i < 4; i++) outcomes.push(await statusOf(reserveLoginAttempt(limits, scope, '198.51.100.7')));
		expect(outcomes).toEqual(['ok', 'ok', 'ok', 429]);
	});

	it('falls back for every auth limiter', async () => {
		for (const [name, limiter] of Object.entries(limits)) {
			expect([name, await statusOf(consumePoint(limiter, `probe-${name}`))]).toEqual([name, 'ok']);
		}
	});
});
