import type Redis from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Config } from '../config';
import { rateLimited } from '../errors';

const HOUR = 60 * 60;
const QUARTER_HOUR = 15 * 60;

/** The auth limiters. Shared through Redis when it is configured, so every node sees one count. */
export interface AuthRateLimits {
	/** Failed logins per account (the login as typed, lower-cased). */
	loginFailuresByAccount: RateLimiterAbstract;
	/** Failed logins per client address. */
	loginFailuresByIp: RateLimiterAbstract;
	registrationsByIp: RateLimiterAbstract;
	resetRequestsByIp: RateLimiterAbstract;
}

export function createAuthRateLimits(
	config: Pick<Config, 'rateLimits' | 'keyPrefix'>,
	redis: Redis | undefined
): AuthRateLimits {
	const make = (name: string, points: number, duration: number) => {
		const options = { keyPrefix: `${config.keyPrefix}:rl:${name}`, points, duration, blockDuration: duration };
		return redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
	};
	const limits = config.rateLimits;
	return {
		loginFailuresByAccount: make('login-account', limits.loginFailuresPerAccount, QUARTER_HOUR),
		loginFailuresByIp: make('login-ip', limits.loginFailuresPerIp, HOUR),
		registrationsByIp: make('register-ip', limits.registrationsPerIp, HOUR),
		resetRequestsByIp: make('reset-ip', limits.resetRequestsPerIp, HOUR)
	};
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Throws 429 when the key has already used up its points, without using one. */
export async function assertNotLimited(limiter: RateLimiterAbstract, key: string): Promise<void> {
	const res = await limiter.get(key);
	if (res && res.consumedPoints >= limiter.points) throw rateLimited(retryAfter(res));
}

/** Uses one point; throws 429 when that was one too many. */
export async function consumePoint(limiter: RateLimiterAbstract, key: string): Promise<void> {
	try {
		await limiter.consume(key);
	} catch (error) {
		if (error instanceof RateLimiterRes) throw rateLimited(retryAfter(error));
		throw error;
	}
}

/** Uses one point and never throws for the limit itself (used to count failures). */
export async function recordPoint(limiter: RateLimiterAbstract, key: string): Promise<void> {
	await limiter.penalty(key, 1);
}
