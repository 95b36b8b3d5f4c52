import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf, me as meAs } from '../helpers/http';
import { login, postJson, register, signUpVerified, tokenFromOutbox } from '../helpers/users';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.stop());

const me = (token: string) => meAs(app, token);

describe('e-mail verification', () => {
	it('refuses to sign in an unverified account, then accepts it once the link is used', async () => {
		const account = await register(app);
		const refused = await postJson(app, '/api/auth/login', { login: account.email, password: account.password });
		expect(refused.status).toBe(403);
		expect((await errorOf(refused)).code).toBe('email_not_verified');

		const token = tokenFromOutbox(app, account.email, 'verify-email');
		const verified = await postJson(app, '/api/auth/verify-email', { token });
		expect(verified.status).toBe(200);
		expect((await verified.json()).user.verified).toBe(true);
		expect((await postJson(app, '/api/auth/login', { login: account.email, password: account.password })).status).toBe(200);
	});

	it('refuses a verification token the second time', async () => {
		const account = await register(app);
		const token = tokenFromOutbox(app, account.email, 'verify-email');
		expect((await postJson(app, '/api/auth/verify-email', { token })).status).toBe(200);
		const reused = await postJson(app, '/api/auth/verify-email', { token });
		expect(reused.status).toBe(400);
		expect(await errorOf(reused)).toMatchObject({ code: 'invalid_token', field: 'token' });
	});

	it('refuses an expired verification token', async () => {
		const account = await register(app);
		const token = tokenFromOutbox(app, account.email, 'verify-email');
		await app.ctx.db
			.updateTable('email_tokens')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('token_hash', '=', hashToken(token))
			.execute();
		expect((await postJson(app, '/api/auth/verify-email', { token })).status).toBe(400);
		const row = await app.ctx.db.selectFrom('users').select('verified').where('id', '=', account.user.id).executeTakeFirstOrThrow();
		expect(row.verified).toBe(false);
	});

	it('refuses an unknown token and a missing token with 400', async () => {
		expect((await postJson(app, '/api/auth/verify-email', { token: 'a'.repeat(52) })).status).toBe(400);
		const missing = await postJson(app, '/api/auth/verify-email', {});
		expect(missing.status).toBe(400);
		expect((await errorOf(missing)).field).toBe('token');
	});

	it('a resent link replaces the earlier one', async () => {
		const account = await register(app);
		const first = tokenFromOutbox(app, account.email, 'verify-email');
		expect((await postJson(app, '/api/auth/resend-verification', { email: account.email })).status).toBe(202);
		const second = tokenFromOutbox(app, account.email, 'verify-email');
		expect(second).not.toBe(first);
		expect((await postJson(app, '/api/auth/verify-email', { token: first })).status).toBe(400);
		expect((await postJson(app, '/api/auth/verify-email', { token: second })).status).toBe(200);
	});
});

describe('POST /api/auth/login', () => {
	it('signs in by e-mail or by username, in any case, and records the login', async () => {
		const user = await signUpVerified(app);
		const byEmail = await postJson(app, '/api/auth/login', { login: user.email.toUpperCase(), password: user.password });
		expect(byEmail.status).toBe(200);
		const byUsername = await login(app, user.username.toUpperCase(), user.password);
		expect(byUsername.user.id).toBe(user.user.id);
		expect(byUsername.user.lastLogin).not.toBeNull();
		const events = await app.ctx.db
			.selectFrom('auth_events')
			.select(['kind', 'success'])
			.where('user_id', '=', user.user.id)
			.where('kind', '=', 'login')
			.execute();
		expect(events.filter((e) => e.success).length).toBe(3);
	});

	it('sets an HttpOnly, SameSite=Lax session cookie that is not Secure over plain HTTP', async () => {
		const user = await signUpVerified(app);
		const response = await postJson(app, '/api/auth/login', { login: user.username, password: user.password });
		const cookie = response.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^classcast_session=[a-z2-7]{52};/);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i);
		const token = cookie.split(';')[0]!.split('=')[1]!;
		const viaCookie = await app.fetch('/api/auth/me', { headers: { cookie: `classcast_session=${token}` } });
		expect(viaCookie.status).toBe(200);
	});

	it('marks the cookie Secure behind a trusted HTTPS proxy', async () => {
		const proxied = await startTestApp({ trustProxy: true });
		try {
			const user = await signUpVerified(proxied);
			const response = await postJson(
				proxied,
				'/api/auth/login',
				{ login: user.username, password: user.password },
				{ 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9', origin: `https://${new URL(proxied.url).host}` }
			);
			expect(response.status).toBe(200);
			expect(response.headers.get('set-cookie')).toMatch(/Secure/i);
			const event = await proxied.ctx.db
				.selectFrom('auth_events')
				.select('ip')
				.where('user_id', '=', user.user.id)
				.orderBy('id', 'desc')
				.executeTakeFirstOrThrow();
			expect(event.ip).toBe('203.0.113.9');
		} finally {
			await proxied.stop();
		}
	});

	it('ignores a forged X-Forwarded-Proto when no proxy is trusted', async () => {
		const user = await signUpVerified(app);
		const response = await postJson(
			app,
			'/api/auth/login',
			{ login: user.username, password: user.password },
			{ 'x-forwarded-proto': 'https' }
		);
		expect(response.headers.get('set-cookie')).not.toMatch(/Secure/i);
	});

	it('starts a fresh session at every login and stores only the token hash', async () => {
		const user = await signUpVerified(app);
		const second = await login(app, user.username, user.password);
		expect(second.token).not.toBe(user.token);
		expect((await me(user.token)).status).toBe(200);
		expect((await me(second.token)).status).toBe(200);

		const sessions = await app.ctx.db.selectFrom('sessions').selectAll().where('user_id', '=', user.user.id).execute();
		expect(sessions.map((s) => s.id).sort()).toEqual([hashToken(user.token), hashToken(second.token)].sort());
		const everything = JSON.stringify(await app.ctx.db.selectFrom('sessions').selectAll().execute());
		expect(everything).not.toContain(user.token);
		expect(everything).not.toContain(second.token);
		const expiresIn = sessions[0]!.expires_at.getTime() - Date.now();
		expect(expiresIn).toBeGreaterThan(29 * 24 * 3600 * 1000);
		expect(expiresIn).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);
	});

	it('slides the expiry of a session used in its second half', async () => {
		const user = await signUpVerified(app);
		const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000);
		await app.ctx.db.updateTable('sessions').set({ expires_at: soon }).where('id', '=', hashToken(user.token)).execute();
		expect((await me(user.token)).status).toBe(200);
		const row = await app.ctx.db.selectFrom('sessions').select('expires_at').where('id', '=', hashToken(user.token)).executeTakeFirstOrThrow();
		expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
	});

	it('refuses an expired session', async () => {
		const user = await signUpVerified(app);
		await app.ctx.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', hashToken(user.token)).execute();
		expect((await me(user.token)).status).toBe(401);
	});

	it('answers a wrong password and an unknown account with the same 401', async () => {
		const user = await signUpVerified(app);
		const wrong = await postJson(app, '/api/auth/login', { login: user.username, password: 'not-the-password-1' });
		const unknown = await postJson(app, '/api/auth/login', { login: 'nobody_here', password: 'not-the-password-1' });
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(await wrong.json()).toEqual(await unknown.json());
	});

	it('refuses an inactive account even with the right password', async () => {
		const user = await signUpVerified(app);
		await app.ctx.db.updateTable('users').set({ active: false }).where('id', '=', user.user.id).execute();
		const response = await postJson(app, '/api/auth/login', { login: user.username, password: user.password });
		expect(response.status).toBe(403);
		expect((await errorOf(response)).code).toBe('account_inactive');
		expect((await me(user.token)).status).toBe(401);
	});

	it('answers 400 naming the field for missing or wrongly typed credentials', async () => {
		const missing = await postJson(app, '/api/auth/login', { login: 'someone' });
		expect(missing.status).toBe(400);
		expect((await errorOf(missing)).field).toBe('password');
		const typed = await postJson(app, '/api/auth/login', { login: ['a'], password: 'x' });
		expect(typed.status).toBe(400);
		expect((await errorOf(typed)).field).toBe('login');
		const huge = await postJson(app, '/api/auth/login', { login: 'someone', password: 'x'.repeat(10_000) });
		expect(huge.status).toBe(400);
		const nul = await postJson(app, '/api/auth/login', { login: 'some\u0000one', password: 'whatever-it-is' });
		expect(nul.status).toBe(400);
		expect((await errorOf(nul)).field).toBe('login');
	});

	it('never returns a password hash', async () => {
		const user = await signUpVerified(app);
		for (const path of ['/api/auth/me', '/api/users/profile', `/api/users/${user.user.id}`]) {
			const text = await (await app.fetch(path, { headers: user.auth })).text();
			expect(text).not.toContain('$argon2');
			expect(text).not.toContain('"password"');
		}
	});
});

describe('logout and /me', () => {
	it('revokes the session on the server: the token then answers 401', async () => {
		const user = await signUpVerified(app);
		expect((await me(user.token)).status).toBe(200);
		const out = await app.fetch('/api/auth/logout', { method: 'POST', headers: user.auth });
		expect(out.status).toBe(204);
		expect((await me(user.token)).status).toBe(401);
		const rows = await app.ctx.db.selectFrom('sessions').select('id').where('id', '=', hashToken(user.token)).execute();
		expect(rows).toHaveLength(0);
	});

	it('answers 401 to an anonymous logout and /me, and to a malformed bearer token', async () => {
		expect((await app.fetch('/api/auth/logout', { method: 'POST' })).status).toBe(401);
		const anonymous = await app.fetch('/api/auth/me');
		expect(anonymous.status).toBe(401);
		expect((await errorOf(anonymous)).code).toBe('unauthorized');
		expect((await app.fetch('/api/auth/me', { headers: { authorization: 'Bearer ../../etc' } })).status).toBe(401);
	});
});

describe('login rate limits', () => {
	let limited: TestApp;
	beforeAll(async () => {
		limited = await startTestApp({ rateLimits: { loginFailuresPerAccount: 3, loginFailuresPerIp: 12 } });
	});
	afterAll(() => limited.stop());

	it('locks an account after repeated failures, even for the right password, with Retry-After', async () => {
		const user = await signUpVerified(limited);
		for (let i = 0; i < 3; i++) {
			expect((await postJson(limited, '/api/auth/login', { login: user.username, password: 'wrong-password-1' })).status).toBe(401);
		}
		const locked = await postJson(limited, '/api/auth/login', { login: user.username, password: user.password });
		expect(locked.status).toBe(429);
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
		const events = await limited.ctx.db
			.selectFrom('auth_events')
			.select(['success', 'reason'])
			.where('login_attempted', '=', user.username)
			.orderBy('id')
			.execute();
		expect(events.filter((e) => !e.success)).toHaveLength(4);
		expect(events.at(-1)?.reason).toBe('rate_limited');
	});

	it('counts failures against the account whether it is named by e-mail or username', async () => {
		const user = await signUpVerified(limited);
		for (const name of [user.email, user.username.toUpperCase(), user.email.toUpperCase()]) {
			expect((await postJson(limited, '/api/auth/login', { login: name, password: 'wrong-password-1' })).status).toBe(401);
		}
		const locked = await postJson(limited, '/api/auth/login', { login: user.username, password: user.password });
		expect(locked.status).toBe(429);
	});

	it('lifts the account lock when the password is reset', async () => {
		const user = await signUpVerified(limited);
		for (let i = 0; i < 3; i++) {
			await postJson(limited, '/api/auth/login', { login: user.username, password: 'wrong-password-1' });
		}
		await postJson(limited, '/api/auth/forgot-password', { email: user.email });
		const token = tokenFromOutbox(limited, user.email, 'reset-password');
		const newPassword = 'Harpsichord-tuning-11';
		expect((await postJson(limited, '/api/auth/reset-password', { token, password: newPassword })).status).toBe(200);
		expect((await postJson(limited, '/api/auth/login', { login: user.username, password: newPassword })).status).toBe(200);
	});

	it('limits failed logins per address across accounts', async () => {
		const bystander = await signUpVerified(limited);
		let status = 401;
		for (let i = 0; i < 12 && status === 401; i++) {
			status = (await postJson(limited, '/api/auth/login', { login: `ghost_${i}`, password: 'wrong-password-1' })).status;
		}
		// Whatever earlier tests spent, the address runs out within its 12 failures...
		const next = await postJson(limited, '/api/auth/login', { login: 'ghost_last', password: 'wrong-password-1' });
		expect(next.status).toBe(429);
		// ...and then even a correct password from that address waits.
		const correct = await postJson(limited, '/api/auth/login', { login: bystander.username, password: bystander.password });
		expect(correct.status).toBe(429);
	});
});
