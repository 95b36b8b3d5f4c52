import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { me as meAs } from '../helpers/http';
import { login, postJson, signUpVerified, tokenFromOutbox } from '../helpers/users';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.stop());

const me = (token: string) => meAs(app, token);
const forgot = (email: string) => postJson(app, '/api/auth/forgot-password', { email });

describe('forgot and reset password', () => {
	it('answers 202 alike for a known and an unknown address, and mails only the known one', async () => {
		const user = await signUpVerified(app);
		const known = await forgot(user.email);
		const unknown = await forgot('nobody-at-all@example.com');
		expect(known.status).toBe(202);
		expect(unknown.status).toBe(202);
		expect(await known.json()).toEqual(await unknown.json());
		expect(app.outbox.latestTo(user.email, /reset/i)?.text).toMatch(/\/reset-password\?token=[a-z2-7]{52}/);
		expect(app.outbox.latestTo('nobody-at-all@example.com')).toBeUndefined();
	});

	it('sets the new password, revokes every session and spends the token', async () => {
		const user = await signUpVerified(app);
		const other = await login(app, user.email, user.password);
		await forgot(user.email);
		const token = tokenFromOutbox(app, user.email, 'reset-password');
		const row = await app.ctx.db.selectFrom('email_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
		const lifetime = row.expires_at.getTime() - row.created_at.getTime();
		expect(lifetime).toBeGreaterThan(59 * 60 * 1000);
		expect(lifetime).toBeLessThanOrEqual(61 * 60 * 1000);

		const newPassword = 'Bassoon-reed-workshop-7';
		const reset = await postJson(app, '/api/auth/reset-password', { token, password: newPassword });
		expect(reset.status).toBe(200);
		expect((await me(user.token)).status).toBe(401);
		expect((await me(other.token)).status).toBe(401);

		expect((await postJson(app, '/api/auth/login', { login: user.email, password: user.password })).status).toBe(401);
		expect((await postJson(app, '/api/auth/login', { login: user.email, password: newPassword })).status).toBe(200);

		const reused = await postJson(app, '/api/auth/reset-password', { token, password: 'Another-fine-choice-8' });
		expect(reused.status).toBe(400);
		expect((await reused.json()).error).toMatchObject({ code: 'invalid_token', field: 'token' });
	});

	it('refuses an expired reset token', async () => {
		const user = await signUpVerified(app);
		await forgot(user.email);
		const token = tokenFromOutbox(app, user.email, 'reset-password');
		await app.ctx.db
			.updateTable('email_tokens')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('token_hash', '=', hashToken(token))
			.execute();
		const response = await postJson(app, '/api/auth/reset-password', { token, password: 'Bassoon-reed-workshop-7' });
		expect(response.status).toBe(400);
		expect((await me(user.token)).status).toBe(200);
	});

	it('keeps the token usable when the new password is refused as weak', async () => {
		const user = await signUpVerified(app);
		await forgot(user.email);
		const token = tokenFromOutbox(app, user.email, 'reset-password');
		const weak = await postJson(app, '/api/auth/reset-password', { token, password: 'qwertyuiop' });
		expect(weak.status).toBe(400);
		expect((await weak.json()).error.field).toBe('password');
		expect((await me(user.token)).status).toBe(200);
		expect((await postJson(app, '/api/auth/reset-password', { token, password: 'Bassoon-reed-workshop-7' })).status).toBe(200);
	});

	it('honours only the newest reset link', async () => {
		const user = await signUpVerified(app);
		await forgot(user.email);
		const first = tokenFromOutbox(app, user.email, 'reset-password');
		await forgot(user.email);
		const second = tokenFromOutbox(app, user.email, 'reset-password');
		expect((await postJson(app, '/api/auth/reset-password', { token: first, password: 'Bassoon-reed-workshop-7' })).status).toBe(400);
		expect((await postJson(app, '/api/auth/reset-password', { token: second, password: 'Bassoon-reed-workshop-7' })).status).toBe(200);
	});

	it('answers 400 naming the field for a malformed address or a missing token', async () => {
		const bad = await forgot('not-an-address');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.field).toBe('email');
		const missing = await postJson(app, '/api/auth/reset-password', { password: 'Bassoon-reed-workshop-7' });
		expect(missing.status).toBe(400);
		expect((await missing.json()).error.field).toBe('token');
	});
});

describe('reset request rate limit', () => {
	let limited: TestApp;
	beforeAll(async () => {
		limited = await startTestApp({ rateLimits: { resetRequestsPerIp: 2 } });
	});
	afterAll(() => limited.stop());

	it('answers 429 with Retry-After once an address asked too often', async () => {
		const ask = () => postJson(limited, '/api/auth/forgot-password', { email: 'someone@example.com' });
		expect((await ask()).status).toBe(202);
		expect((await ask()).status).toBe(202);
		const third = await ask();
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
