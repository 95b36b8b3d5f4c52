import type { UserRow } from '../db/schema';
import { consumePoint, refundPoint, type AuthRateLimits } from './rate-limits';

/** A login attempt's points, taken before its password is checked. */
export interface LoginReservation {
	/** The password was right and the user is in: the attempt does not count as a failure. */
	succeeded(): Promise<void>;
	/** The password was right but the login stops short (unverified address): give the points back. */
	refund(): Promise<void>;
}

/**
 * Which count a login attempt falls on besides its address: a browser with a valid device cookie
 * for the account has one of its own, every other attempt shares the account's. The account's key
 * is its id when it exists, so switching between e-mail and username buys no extra guesses;
 * otherwise the name as typed.
 */
export function loginScope(limits: AuthRateLimits, login: string, user: UserRow | undefined, device: string | undefined) {
	if (user && device) return { limiter: limits.loginFailuresByDevice, key: `device:${device}`, device: true };
	return { limiter: limits.loginFailuresByAccount, key: accountLimitKey(login, user), device: false };
}

export const accountLimitKey = (login: string, user: Pick<UserRow, 'id'> | undefined) =>
	user ? `user:${user.id}` : `login:${login.toLowerCase()}`;

/**
 * Takes a point from the attempt's scope and from its address before the password is checked, or
 * throws 429. Each consume is one atomic increment (in memory, or in Redis for every node), so a
 * burst of parallel guesses gets no more password checks than the limit: the limit is the number
 * of checks, not of failures counted after the fact.
 */
export async function reserveLoginAttempt(
	limits: AuthRateLimits,
	scope: ReturnType<typeof loginScope>,
	ipKey: string
): Promise<LoginReservation> {
	await consumePoint(scope.limiter, scope.key);
	try {
		await consumePoint(limits.loginFailuresByIp, ipKey);
	} catch (error) {
		// Refused for its address: no password is checked, so the account's point comes back.
		await refundPoint(scope.limiter, scope.key);
		throw error;
	}
	return {
		async succeeded() {
			// A success is not held against the address. On a trusted device it also clears that
			// device's earlier typos. On the shared account count it gives back only its own point:
			// the failures beside it may be a stranger's, who must not get a fresh set of guesses
			// (in a burst, or while the owner signs in), so they run out on their own.
			await Promise.all([
				scope.device ? scope.limiter.delete(scope.key) : refundPoint(scope.limiter, scope.key),
				refundPoint(limits.loginFailuresByIp, ipKey)
			]);
		},
		async refund() {
			await Promise.all([refundPoint(scope.limiter, scope.key), refundPoint(limits.loginFailuresByIp, ipKey)]);
		}
	};
}
