import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config';

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
const SECRET_FILE = 'secret-key';

export interface DeviceKey {
	readonly key: Buffer;
}

// One derived key per secret, so the server secret itself never signs anything directly.
const derive = (secret: string): DeviceKey => ({
	key: createHmac('sha256', secret).update('classcast device cookie v1').digest()
});

const generated = new Map<string, Promise<string>>();

/**
 * The secret from SECRET_KEY, or (outside production, where the configuration requires it) one
 * made on first use and kept in DATA_DIR/secret-key, so device cookies survive a restart.
 */
async function storedSecret(dataDir: string): Promise<string> {
	const path = join(dataDir, SECRET_FILE);
	try {
		return (await readFile(path, 'utf8')).trim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	await mkdir(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('hex');
	try {
		// 'wx' fails if another process wrote it first; then that one is the secret.
		await writeFile(path, `${secret}\n`, { flag: 'wx', mode: 0o600 });
		return secret;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return (await readFile(path, 'utf8')).trim();
	}
}

export async function deviceKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<DeviceKey> {
	if (config.secretKey) return derive(config.secretKey);
	let secret = generated.get(config.dataDir);
	if (!secret) {
		secret = storedSecret(config.dataDir);
		generated.set(config.dataDir, secret);
		secret.catch(() => generated.delete(config.dataDir));
	}
	return derive(await secret);
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
