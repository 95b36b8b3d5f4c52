import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { postJson, signUpVerified, tokenFromOutbox } from '../helpers/users';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.stop());

describe('health and readiness', () => {
	it('answers /healthz and /readyz without signing in', async () => {
		const health = await app.fetch('/healthz');
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok' });
		const ready = await app.fetch('/readyz');
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ status: 'ready', database: true });
	});

	it('answers unknown API paths with the JSON error shape', async () => {
		const anonymous = await app.fetch('/api/does-not-exist');
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).error.code).toBe('unauthorized');
		const user = await signUpVerified(app);
		const response = await app.fetch('/api/does-not-exist', { headers: user.auth });
		expect(response.status).toBe(404);
		expect((await response.json()).error.code).toBe('not_found');
	});
});

describe('request log', () => {
	it('writes one line per request with method, path, status, duration and request id', async () => {
		const response = await app.fetch('/healthz', { headers: { 'x-request-id': 'trace-abc-123' } });
		expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
		const lines = app.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === 'trace-abc-123');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
		expect(typeof lines[0]!.ms).toBe('number');
	});

	it('never writes a password, session token or e-mail token', async () => {
		const user = await signUpVerified(app);
		await postJson(app, '/api/auth/forgot-password', { email: user.email });
		const resetToken = tokenFromOutbox(app, user.email, 'reset-password');
		await app.fetch(`/reset-password?token=${resetToken}`);
		await app.fetch('/api/auth/me', { headers: user.auth });
		const everything = app.logs.join('\n');
		expect(everything).toContain('/api/auth/login');
		expect(everything).not.toContain(user.password);
		expect(everything).not.toContain(user.token);
		expect(everything).not.toContain(resetToken);
	});
});

describe('security headers', () => {
	it('sets nosniff, a referrer policy and frame denial on pages and API responses', async () => {
		for (const path of ['/', '/api/auth/me']) {
			const response = await app.fetch(path);
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('referrer-policy')).toBe('same-origin');
			expect(response.headers.get('x-frame-options')).toBe('DENY');
		}
	});
});
