import type { SelfUser } from '../../src/lib/server/users/users.dto';
import type { TestApp } from './app';

let counter = 0;

export interface TestUserInput {
	email?: string;
	username?: string;
	password?: string;
	fullName?: string;
	role?: 'student' | 'teacher';
}

export interface SignedInUser {
	user: SelfUser;
	token: string;
	email: string;
	username: string;
	password: string;
	/** Headers that authenticate as this user. */
	auth: { authorization: string };
}

/** Fields for a new account, unique within the run. */
export function newUserFields(input: TestUserInput = {}) {
	const n = `${Date.now().toString(36)}${(counter++).toString(36)}`;
	return {
		email: input.email ?? `user${n}@example.com`,
		username: input.username ?? `user_${n}`,
		password: input.password ?? `Cello-sonata-${n}!`,
		fullName: input.fullName ?? `Test User ${n}`,
		role: input.role ?? 'student'
	};
}

export function postJson(app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) {
	return app.fetch(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
}

/** The single-use token in the newest mail of a kind to an address. */
export function tokenFromOutbox(app: TestApp, to: string, kind: 'verify-email' | 'reset-password'): string {
	const subject = kind === 'verify-email' ? /confirm/i : /reset/i;
	const mail = app.outbox.latestTo(to, subject);
	const token = mail?.text.match(new RegExp(`/${kind}\\?token=([a-z2-7]+)`))?.[1];
	if (!token) throw new Error(`No ${kind} mail to ${to}`);
	return token;
}

/** Registers an account, without verifying it. */
export async function register(app: TestApp, input: TestUserInput = {}) {
	const fields = newUserFields(input);
	const response = await postJson(app, '/api/auth/register', fields);
	if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
	const { user } = (await response.json()) as { user: SelfUser };
	return { ...fields, user };
}

export async function login(app: TestApp, loginName: string, password: string) {
	const response = await postJson(app, '/api/auth/login', { login: loginName, password });
	if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
	return (await response.json()) as { token: string; user: SelfUser };
}

/** Registers, verifies through the e-mailed link's token, and signs in: one call, ready to use. */
export async function signUpVerified(app: TestApp, input: TestUserInput = {}): Promise<SignedInUser> {
	const fields = await register(app, input);
	const token = tokenFromOutbox(app, fields.email, 'verify-email');
	const verified = await postJson(app, '/api/auth/verify-email', { token });
	if (verified.status !== 200) throw new Error(`verify failed: ${verified.status}`);
	const session = await login(app, fields.username, fields.password);
	return {
		user: session.user,
		token: session.token,
		email: fields.email,
		username: fields.username,
		password: fields.password,
		auth: { authorization: `Bearer ${session.token}` }
	};
}
