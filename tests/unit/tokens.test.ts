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

// Known SHA-256 digests (FIPS 180-2 test vectors, and values computed with Python's hashlib), so
// the test checks the hash itself, not the implementation against itself. A changed hash would
// also sign every user out: stored session ids are these digests.
const VECTORS: [string, string][] = [
	['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
	['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
	[
		'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
		'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
	],
	// UTF-8 bytes (c3 a9), not UTF-16 code units
	['é', '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c'],
	// a token of the shape generateToken makes
	['mzxw6ytboi2dqnrqgq4tgmzuge3dmnzzg4ytsnjwgm2dqmzq', 'a9a0ef27e5d7f27b48b7067cce4e29d77955159c4b9e1fea096b743f390d9641']
];

describe('hashToken', () => {
	for (const [input, digest] of VECTORS) {
		it(`returns the SHA-256 of ${JSON.stringify(input)} in lower-case hex`, () => {
			expect(hashToken(input)).toBe(digest);
		});
	}

	it('gives tokens one character apart unrelated hashes', () => {
		const token = generateToken();
		const other = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
		const [a, b] = [hashToken(token), hashToken(other)];
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(b).toMatch(/^[0-9a-f]{64}$/);
		// Half the hex digits differ on average; a near-identical digest would mean no hash at all.
		const same = [...a].filter((c, i) => c === b[i]).length;
		expect(same).toBeLessThan(20);
	});
});
