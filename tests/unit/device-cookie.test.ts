import { describe, expect, it } from 'bun:test';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceKey, issueDeviceCookie, trustedDevice } from '../../src/lib/server/auth/device-cookie';

const SECRET = 'a'.repeat(64);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const key = () => deviceKey({ secretKey: SECRET, dataDir: '/nonexistent' });

/** Changes one character of a string at an index, to another of the same alphabet. */
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

describe('device cookies', () => {
	it('names the device of the account it was issued for', async () => {
		const k = await key();
		const cookie = issueDeviceCookie(k, undefined, 42);
		const device = trustedDevice(k, cookie, 42);
		expect(device).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(cookie).toStartWith(`42.${device}.`);
	});

	it('is not trusted for another account', async () => {
		const k = await key();
		expect(trustedDevice(k, issueDeviceCookie(k, undefined, 42), 43)).toBeUndefined();
	});

	it('is not trusted once any part is altered, or the account in it swapped', async () => {
		const k = await key();
		const cookie = issueDeviceCookie(k, undefined, 42);
		const [, nonce, signature] = cookie.split('.') as [string, string, string];
		expect(trustedDevice(k, `43.${nonce}.${signature}`, 43)).toBeUndefined();
		expect(trustedDevice(k, `42.${flip(nonce, 3)}.${signature}`, 42)).toBeUndefined();
		expect(trustedDevice(k, `42.${nonce}.${flip(signature, 5)}`, 42)).toBeUndefined();
		expect(trustedDevice(k, `42.${nonce}.${signature.slice(1)}`, 42)).toBeUndefined();
		// The last character of 32 bytes in base64 has two spare bits: another spelling is refused.
		const sibling = BASE64URL[BASE64URL.indexOf(signature.at(-1)!) ^ 1];
		expect(trustedDevice(k, `42.${nonce}.${signature.slice(0, -1)}${sibling}`, 42)).toBeUndefined();
		expect(trustedDevice(k, `42.${nonce}`, 42)).toBeUndefined();
		expect(trustedDevice(k, '', 42)).toBeUndefined();
		expect(trustedDevice(k, undefined, 42)).toBeUndefined();
	});

	it('is not trusted under another server secret', async () => {
		const cookie = issueDeviceCookie(await key(), undefined, 42);
		const other = await deviceKey({ secretKey: 'b'.repeat(64), dataDir: '/nonexistent' });
		expect(trustedDevice(other, cookie, 42)).toBeUndefined();
	});

	it('keeps the accounts of a shared browser, newest first, at most five', async () => {
		const k = await key();
		let cookie: string | undefined;
		for (const userId of [1, 2, 3, 4, 5, 6]) cookie = issueDeviceCookie(k, cookie, userId);
		expect(trustedDevice(k, cookie, 1)).toBeUndefined();
		for (const userId of [2, 3, 4, 5, 6]) expect(trustedDevice(k, cookie, userId)).toBeDefined();
		// Signing in again replaces the account's entry with a new device id.
		const before = trustedDevice(k, cookie, 4);
		cookie = issueDeviceCookie(k, cookie, 4);
		expect(cookie!.split('~')).toHaveLength(5);
		expect(cookie).toStartWith('4.');
		expect(trustedDevice(k, cookie, 4)).not.toBe(before);
	});

	it('without SECRET_KEY, makes a secret once and keeps it in DATA_DIR, readable only by its owner', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'classcast-secret-'));
		try {
			const cookie = issueDeviceCookie(await deviceKey({ secretKey: undefined, dataDir }), undefined, 7);
			const stored = (await readFile(join(dataDir, 'secret-key'), 'utf8')).trim();
			expect(stored).toMatch(/^[0-9a-f]{64}$/);
			expect((await stat(join(dataDir, 'secret-key'))).mode & 0o077).toBe(0);
			expect(trustedDevice(await deviceKey({ secretKey: stored, dataDir: '/nonexistent' }), cookie, 7)).toBeDefined();
			// A restarted server (here: the same folder under another spelling, past the in-process
			// cache) reads the file back, so the browser's cookie still counts.
			const restarted = await deviceKey({ secretKey: undefined, dataDir: `${dataDir}/` });
			expect(trustedDevice(restarted, cookie, 7)).toBeDefined();
		} finally {
			await rm(dataDir, { recursive: true, force: true });
		}
	});
});
