import common from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline: 19 MiB of memory, two passes.
const HASH_OPTIONS = { algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const commonPasswords = new Set(
	(common.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())
);

export function hashPassword(password: string): Promise<string> {
	return Bun.password.hash(password, HASH_OPTIONS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
	return Bun.password.verify(password, hash);
}

// A hash of a throwaway password, so a login for an unknown account costs as much as a real one
// and response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('classcast-timing-equaliser');
	await verifyPassword(password, await dummyHash);
}

/** Why a password is too weak, or undefined when it is acceptable. Length is checked by the schema. */
export function passwordWeakness(password: string, context: { email?: string; username?: string } = {}) {
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower)) return 'This password is too common. Choose something harder to guess.';
	if (new Set(lower).size < 4) return 'This password repeats too few characters.';
	const personal = [context.username, context.email?.split('@')[0]].filter(
		(s): s is string => !!s && s.length >= 3
	);
	if (personal.some((s) => lower.includes(s.toLowerCase())))
		return 'The password must not contain your username or e-mail.';
	return undefined;
}
