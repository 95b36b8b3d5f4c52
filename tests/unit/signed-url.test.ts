import { describe, expect, it } from 'bun:test';
import { checkMediaSignature, signMediaPath } from '../../src/lib/server/storage/signed-url';

const secret = new Uint8Array(32).fill(7);
const key = 'videos/3/14/hd.mp4';
const now = new Date('2026-12-01T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const queryOf = (path: string) => new URL(path, 'http://x').searchParams;

describe('signed /media URLs', () => {
	it('accepts its own signature before the expiry', () => {
		expect(checkMediaSignature(secret, key, queryOf(signMediaPath(secret, key, later)), now)).toBe('valid');
	});

	it('calls a signature past its expiry expired', () => {
		const query = queryOf(signMediaPath(secret, key, later));
		expect(checkMediaSignature(secret, key, query, new Date(later.getTime() + 1000))).toBe('expired');
	});

	it('refuses a changed expiry, key, secret or signature', () => {
		const query = queryOf(signMediaPath(secret, key, later));
		const moved = new URLSearchParams(query);
		moved.set('expires', String(Number(query.get('expires')) + 3600));
		expect(checkMediaSignature(secret, key, moved, now)).toBe('invalid');
		expect(checkMediaSignature(secret, 'videos/3/14/original.mp4', query, now)).toBe('invalid');
		expect(checkMediaSignature(new Uint8Array(32).fill(8), key, query, now)).toBe('invalid');
		const signature = query.get('signature')!;
		for (const tampered of [signature.slice(0, -1), `${signature}A`, `${signature}=`, signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))]) {
			const changed = new URLSearchParams(query);
			changed.set('signature', tampered);
			expect(checkMediaSignature(secret, key, changed, now)).toBe('invalid');
		}
	});

	it('tells a URL without signature parameters from one with broken ones', () => {
		expect(checkMediaSignature(secret, key, new URLSearchParams('v=abc'), now)).toBe('absent');
		for (const query of ['expires=1', 'signature=abc', 'expires=soon&signature=abc', 'expires=&signature=']) {
			expect(checkMediaSignature(secret, key, new URLSearchParams(query), now)).toBe('invalid');
		}
	});
});
