import { describe, expect, it } from 'bun:test';
import { hashPassword, passwordWeakness, verifyPassword } from '../../src/lib/server/auth/password';

describe('passwordWeakness', () => {
	for (const password of ['password123', 'PASSWORD123', 'Qwertyuiop', 'iloveyou12', '1234567890']) {
		it(`refuses the common password ${password} whatever its case`, () => {
			expect(passwordWeakness(password)).toMatch(/common/);
		});
	}

	it('refuses a password that contains the username, in any case', () => {
		expect(passwordWeakness('My-Marimba_Player-2024', { username: 'marimba_player' })).toMatch(/username/);
	});

	it('refuses a password that contains the local part of the e-mail', () => {
		expect(passwordWeakness('xx-ViolaDaGamba-42', { email: 'violadagamba@example.com' })).toMatch(/e-mail/);
	});

	it('ignores a username or e-mail local part shorter than three characters', () => {
		expect(passwordWeakness('Quiet-ab-harbour-9', { username: 'ab', email: 'ab@example.com' })).toBeUndefined();
	});

	for (const password of ['aaaaaaaaaaaa', 'abababababab', 'aaabbbcccaaa']) {
		it(`refuses ${password}, which repeats fewer than four distinct characters`, () => {
			expect(passwordWeakness(password)).toMatch(/repeats/);
		});
	}

	it('accepts a long passphrase unrelated to the account', () => {
		expect(
			passwordWeakness('violet tuba sings at dawn', { username: 'cellist_anna', email: 'anna@example.com' })
		).toBeUndefined();
	});
});

describe('hashPassword and verifyPassword', () => {
	it('hashes with argon2id at 19 MiB memory and two passes, salting every hash', async () => {
		const first = await hashPassword('violet tuba sings at dawn');
		const second = await hashPassword('violet tuba sings at dawn');
		expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=\d+\$/);
		expect(first).not.toContain('violet');
		expect(first).not.toBe(second);
	});

	it('verifies the right password and rejects a wrong one', async () => {
		const hash = await hashPassword('violet tuba sings at dawn');
		expect(await verifyPassword('violet tuba sings at dawn', hash)).toBe(true);
		expect(await verifyPassword('violet tuba sings at dusk', hash)).toBe(false);
		expect(await verifyPassword('Violet tuba sings at dawn', hash)).toBe(false);
		expect(await verifyPassword('', hash)).toBe(false);
	});
});
