import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A 256-bit random token, base32 encoded for URLs and headers. */
export function generateToken(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * What the database stores instead of a token: its SHA-256, in lower-case hex. Bun's native
 * hasher: this runs on every signed-in request, and it is ~15x faster than a JS SHA-256.
 */
export function hashToken(token: string): string {
	return Bun.SHA256.hash(token, 'hex');
}
