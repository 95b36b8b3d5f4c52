import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import { derivedKey } from './app-secret';

/**
 * Device cookies, as OWASP's "Slow Down Online Guessing Attacks with Device Cookies" describes: a
 * browser where an account signed in successfully gets a signed cookie naming that account, and
 * its later logins are counted on a limit of their own, so a stranger's wrong guesses, which lock
 * the account for everyone else, do not lock out its owner.
 *
 * One cookie holds up to MAX_ENTRIES accounts (a shared family computer), newest first; each entry
 * is `userId.nonce.signature`, the signature an HMAC-SHA256 of `userId.nonce` under a key derived
 * from the server secret. The nonce names the device for its limiter.
 */
export const DEVICE_COOKIE = 'classcast_device';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const MAX_ENTRIES = 5;
const ENTRY = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceKey {
	readonly key: Buffer;
}

/** The device cookies' key, derived from the server secret. */
export async function deviceKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<DeviceKey> {
	return { key: await derivedKey(config, 'classcast device cookie v1') };
}

const sign = ({ key }: DeviceKey, payload: string) => createHmac('sha256', key).update(payload).digest();

/** The device id of the cookie's entry for this account, when the entry is genuine. */
export function trustedDevice(key: DeviceKey, cookie: string | undefined, userId: number): string | undefined {
	for (const entry of (cookie ?? '').split('~').slice(0, MAX_ENTRIES)) {
		const match = ENTRY.exec(entry);
		if (!match || Number(match[1]) !== userId) continue;
		// Compared as text, so no second spelling of the same bytes (base64's spare bits) passes.
		const expected = Buffer.from(sign(key, `${match[1]}.${match[2]}`).toString('base64url'));
		if (timingSafeEqual(expected, Buffer.from(match[3]!))) return match[2];
	}
	return undefined;
}

/** The cookie after a successful login: a fresh entry for this account first, the others kept. */
export function issueDeviceCookie(key: DeviceKey, previous: string | undefined, userId: number): string {
	const nonce = randomBytes(16).toString('base64url');
	const payload = `${userId}.${nonce}`;
	const fresh = `${payload}.${sign(key, payload).toString('base64url')}`;
	const others = (previous ?? '')
		.split('~')
		.filter((entry) => ENTRY.test(entry) && !entry.startsWith(`${userId}.`));
	return [fresh, ...others].slice(0, MAX_ENTRIES).join('~');
}
