import type Redis from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	RLWrapperTimeouts,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Config } from '../config';
import { rateLimited } from '../errors';

const HOUR = 60 * 60;
const QUARTER_HOUR = 15 * 60;
const MINUTE = 60;
/** The window of the comment burst limit, seconds. */
export const COMMENT_BURST_SECONDS = 10;
/** The window of the message burst limit, seconds. */
export const MESSAGE_BURST_SECONDS = 10;
/** A user's typing signal in one conversation is relayed at most once per this many seconds. */
export const TYPING_INTERVAL_SECONDS = 2;
// A Redis round trip takes a millisecond; this long means Redis is not there.
const REDIS_TIMEOUT_MS = 500;

/** The auth limiters and the comment flood limits. Shared through Redis when it is configured, so every node sees one count. */
export interface AuthRateLimits {
	/** Login attempts per account without a device cookie (keyed by user id, or the login as typed). */
	loginFailuresByAccount: RateLimiterAbstract;
	/** Login attempts from a browser holding a valid device cookie for the account (keyed by cookie). */
	loginFailuresByDevice: RateLimiterAbstract;
	/** Login attempts per client address. */
	loginFailuresByIp: RateLimiterAbstract;
	registrationsByIp: RateLimiterAbstract;
	resetRequestsByIp: RateLimiterAbstract;
	/** Verification and reset e-mails per recipient (keyed by user id). */
	mailsByRecipient: RateLimiterAbstract;
	/** Comments and replies per user in a short burst (keyed by user id). */
	commentBurstByUser: RateLimiterAbstract;
	/** Comments and replies per user per minute, which a steady stream under the burst limit still meets. */
	commentsPerMinuteByUser: RateLimiterAbstract;
	/** Uploads started per user per hour (keyed by user id). */
	uploadsByUser: RateLimiterAbstract;
	/** Messages per sender in a short burst, and per minute (keyed by user id). */
	messageBurstByUser: RateLimiterAbstract;
	messagesPerMinuteByUser: RateLimiterAbstract;
	/** One typing signal per user and conversation per TYPING_INTERVAL_SECONDS (keyed `user:conversation`). */
	typingByConversation: RateLimiterAbstract;
}

export function createAuthRateLimits(
	config: Pick<Config, 'rateLimits' | 'keyPrefix'>,
	redis: Redis | undefined
): AuthRateLimits {
	// `block`: a spent key stays refused for a whole window from the refusal; without it (typing
	// signals), a point comes back when the window that took it ends.
	const make = (name: string, points: number, duration: number, block = true) => {
		const options = { keyPrefix: `${config.keyPrefix}:rl:${name}`, points, duration, blockDuration: block ? duration : 0 };
		if (!redis) return new RateLimiterMemory(options);
		// With Redis unreachable, each node counts in its own memory rather than answering 500; the
		// limits then hold per node until Redis is back. The switch comes after REDIS_TIMEOUT_MS, not
		// when the client is merely connecting (which would split the first count after a start
		// between memory and Redis) and not after ioredis's retries, which take seconds.
		return new RLWrapperTimeouts({
			...options,
			limiter: new RateLimiterRedis({ ...options, storeClient: redis }),
			timeoutMs: REDIS_TIMEOUT_MS,
			insuranceLimiter: new RateLimiterMemory(options)
		});
	};
	const limits = config.rateLimits;
	return {
		loginFailuresByAccount: make('login-account', limits.loginFailuresPerAccount, QUARTER_HOUR),
		// A known browser gets as many tries as an account, but on a count of its own.
		loginFailuresByDevice: make('login-device', limits.loginFailuresPerAccount, QUARTER_HOUR),
		loginFailuresByIp: make('login-ip', limits.loginFailuresPerIp, HOUR),
		registrationsByIp: make('register-ip', limits.registrationsPerIp, HOUR),
		resetRequestsByIp: make('reset-ip', limits.resetRequestsPerIp, HOUR),
		mailsByRecipient: make('mail-recipient', limits.mailsPerRecipient, HOUR),
		commentBurstByUser: make('comment-burst', limits.commentsPerBurst, COMMENT_BURST_SECONDS),
		commentsPerMinuteByUser: make('comment-minute', limits.commentsPerMinute, MINUTE),
		uploadsByUser: make('upload-user', limits.uploadsPerHour, HOUR),
		messageBurstByUser: make('message-burst', limits.messagesPerBurst, MESSAGE_BURST_SECONDS),
		messagesPerMinuteByUser: make('message-minute', limits.messagesPerMinute, MINUTE),
		typingByConversation: make('typing', 1, TYPING_INTERVAL_SECONDS, false)
	};
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Uses one point; throws 429 when that was one too many. The store's consume is atomic (an
 * increment in Redis or memory), so concurrent callers can never all see "one left".
 */
export async function consumePoint(limiter: RateLimiterAbstract, key: string): Promise<void> {
	try {
		await limiter.consume(key);
	} catch (error) {
		if (error instanceof RateLimiterRes) throw rateLimited(retryAfter(error));
		throw error;
	}
}

/** Uses one point if one is left; false when the key is spent (for limits that stay silent). */
export async function tryConsumePoint(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
	try {
		await limiter.consume(key);
		return true;
	} catch (error) {
		if (error instanceof RateLimiterRes) return false;
		throw error;
	}
}

/** Gives back a point taken by consumePoint, for an attempt that turned out not to count. */
export async function refundPoint(limiter: RateLimiterAbstract, key: string): Promise<void> {
	await limiter.reward(key, 1);
}
