import { describe, expect, it } from 'bun:test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateToken, hashToken } from '../../src/lib/server/auth/tokens';

describe('generateToken', () => {
	it('returns 52 lower-case base32 characters that decode to 256 bits', () => {
		const token = generateToken();
		expect(token).toMatch(/^[a-z2-7]{52}$/);
		expect(decodeBase32IgnorePadding(token.toUpperCase())).toHaveLength(32);
	});

	it('returns a different token every time', () => {
		const tokens = new Set(Array.from({ length: 1000 }, generateToken));
		expect(tokens.size).toBe(1000);
	});
});

describe('hashToken', () => {
	it('returns the SHA-256 of the token as 64 lower-case hex characters', () => {
		const token = generateToken();
		const expected = new Bun.CryptoHasher('sha256').update(token).digest('hex');
		expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(token)).toBe(expected);
	});

	it('is deterministic and never returns the token itself', () => {
		const token = generateToken();
		expect(hashToken(token)).toBe(hashToken(token));
		expect(hashToken(token)).not.toBe(token);
		expect(hashToken(token)).not.toContain(token);
	});

	it('gives different tokens different hashes', () => {
		expect(hashToken(generateToken())).not.toBe(hashToken(generateToken()));
	});
});
