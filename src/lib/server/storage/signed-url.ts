import { createHmac, timingSafeEqual } from 'node:crypto';

/** The outcome of checking a `/media` URL's signature parameters. */
export type SignatureCheck = 'absent' | 'valid' | 'expired' | 'invalid';

const EXPIRES = 'expires';
const SIGNATURE = 'signature';

const mac = (secret: Uint8Array, key: string, expires: number) =>
	createHmac('sha256', secret).update(`${key}\n${expires}`).digest();

/**
 * A `/media/{key}` URL that serves one stored object without a session until `expiresAt`:
 * an HMAC-SHA256 over the key and the expiry, so neither can be changed.
 */
export function signMediaPath(secret: Uint8Array, key: string, expiresAt: Date): string {
	const expires = Math.floor(expiresAt.getTime() / 1000);
	const signature = mac(secret, key, expires).toString('base64url');
	return `/media/${key}?${EXPIRES}=${expires}&${SIGNATURE}=${signature}`;
}

/** Checks a request's signature parameters against the key it asks for. */
export function checkMediaSignature(
	secret: Uint8Array,
	key: string,
	query: URLSearchParams,
	now: Date = new Date()
): SignatureCheck {
	const expiresText = query.get(EXPIRES);
	const signature = query.get(SIGNATURE);
	if (expiresText === null && signature === null) return 'absent';
	if (!expiresText || !signature || !/^\d{1,12}$/.test(expiresText)) return 'invalid';
	const expires = Number(expiresText);
	// Compared as text: base64url decoding is lenient and would accept look-alike strings.
	const expected = Buffer.from(mac(secret, key, expires).toString('base64url'));
	const given = Buffer.from(signature);
	// Checked before the expiry, so an attacker learns nothing from changing the time alone.
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
	return expires * 1000 <= now.getTime() ? 'expired' : 'valid';
}
