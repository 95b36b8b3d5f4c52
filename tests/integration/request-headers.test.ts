// Request headers and routing every feature inherits: redirects, Host and Origin, the API's
// deny-by-default guard, request ids, the dev outbox and the headers on every response.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { rawRequest } from '../helpers/raw-http';
import { postJson, signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let ana: SignedInUser;
beforeAll(async () => {
	app = await startTestApp();
	ana = await signUpVerified(app);
});
afterAll(() => app.stop());

const host = () => new URL(app.url).host;
describe('redirect after login', () => {
	const payloads = [
		'/.//evil.example',
		'/..//evil.example',
		'/%2e//evil.example',
		'/%2e%2e//evil.example',
		'/a/..//evil.example',
		'/./\\evil.example',
		'/.\\/evil.example'
	];
	const staysOnSite = (location: string | null) => {
		expect(location).toBeTruthy();
		expect(location!.startsWith('/')).toBe(true);
		expect(location!.startsWith('//') || location!.startsWith('/\\')).toBe(false);
		expect(new URL(location!, app.url).origin).toBe(new URL(app.url).origin);
	};

	it('stays on the site when already signed in', async () => {
		for (const payload of payloads) {
			const response = await app.fetch(`/login?redirectTo=${encodeURIComponent(payload)}`, {
				headers: { cookie: `classcast_session=${ana.token}` }
			});
			expect(response.status).toBe(303);
			staysOnSite(response.headers.get('location'));
		}
	});

	it('stays on the site after the login form', async () => {
		for (const payload of payloads) {
			const form = new URLSearchParams({ login: ana.username, password: ana.password, redirectTo: payload });
			const response = await app.fetch('/login', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' },
				body: form
			});
			expect(response.status).toBe(303);
			staysOnSite(response.headers.get('location'));
		}
	});
});

describe('Host header', () => {
	it('never puts a forged Host into an e-mailed link', async () => {
		const before = app.outbox.list().length;
		const response = await rawRequest(app.url, {
			method: 'POST',
			path: '/api/auth/forgot-password',
			headers: [
				['host', 'evil.example'],
				['content-type', 'application/json']
			],
			body: JSON.stringify({ email: ana.email })
		});
		expect(response.status).toBe(202);
		await app.settleJobs();
		expect(app.outbox.list().length).toBe(before + 1);
		const mail = app.outbox.latestTo(ana.email, /reset/i)!;
		expect(mail.text).not.toContain('evil.example');
		expect(mail.text).toContain(`${app.url}/reset-password?token=`);
	});

	it('answers 400 for malformed Host headers', async () => {
		for (const value of ['a b', '[', '', 'x:abc', 'u@h', '%00', 'a/b', 'h:99999']) {
			const response = await rawRequest(app.url, { path: '/', headers: [['host', value]] });
			expect([value, response.status]).toEqual([value, 400]);
		}
		const missing = await rawRequest(app.url, { path: '/api/auth/me', headers: [] });
		expect(missing.status).toBe(400);
	});

	it('refuses a Host that is not the configured origin, but not on health checks', async () => {
		const configured = await startTestApp({ origin: 'http://classcast.test' });
		try {
			const before = configured.outbox.list().length;
			const forged = await rawRequest(configured.url, {
				method: 'POST',
				path: '/api/auth/forgot-password',
				headers: [
					['host', 'evil.example'],
					['content-type', 'application/json']
				],
				body: JSON.stringify({ email: 'someone@example.com' })
			});
			expect(forged.status).toBe(421);
			expect(configured.outbox.list().length).toBe(before);
			const own = await rawRequest(configured.url, { path: '/healthz', headers: [['host', 'classcast.test']] });
			expect(own.status).toBe(200);
			const probe = await rawRequest(configured.url, { path: '/healthz', headers: [['host', '10.0.0.7:3000']] });
			expect(probe.status).toBe(200);
		} finally {
			await configured.stop();
		}
	});
});

describe('Origin of state-changing API requests', () => {
	it('refuses a logout posted from another port of the same host', async () => {
		const other = await signUpVerified(app);
		const cookie = `classcast_session=${other.token}`;
		const foreignPort = `http://${new URL(app.url).hostname}:${Number(new URL(app.url).port) + 1}`;
		for (const origin of [foreignPort, 'http://evil.example', 'null']) {
			const response = await app.fetch('/api/auth/logout', { method: 'POST', headers: { cookie, origin } });
			expect([origin, response.status]).toEqual([origin, 403]);
			expect((await errorOf(response)).code).toBe('forbidden_origin');
		}
		expect((await app.fetch('/api/auth/me', { headers: { cookie } })).status).toBe(200);
		const own = await app.fetch('/api/auth/logout', { method: 'POST', headers: { cookie, origin: app.url } });
		expect(own.status).toBe(204);
		expect((await app.fetch('/api/auth/me', { headers: { cookie } })).status).toBe(401);
	});
});

describe('the API is closed by default', () => {
	it('answers 401 to anonymous callers of every route not on the public list, known or not', async () => {
		for (const [method, path] of [
			['GET', '/api/auth/me'],
			['GET', '/api/users/teachers'],
			['GET', `/api/users/${ana.user.id}`],
			['PUT', '/api/users/profile'],
			['DELETE', '/api/users/profile/image'],
			['GET', '/api/does-not-exist'],
			['POST', '/api/auth/logout']
		] as const) {
			const response = await app.fetch(path, { method });
			expect([method, path, response.status]).toEqual([method, path, 401]);
			expect((await errorOf(response)).code).toBe('unauthorized');
		}
	});

	it('lets anonymous callers reach the public routes', async () => {
		const response = await postJson(app, '/api/auth/forgot-password', { email: 'nobody@example.com' });
		expect(response.status).toBe(202);
	});

	it('answers a signed-in caller of an unknown path with 404', async () => {
		const response = await app.fetch('/api/does-not-exist', { headers: ana.auth });
		expect(response.status).toBe(404);
		expect((await errorOf(response)).code).toBe('not_found');
	});
});

describe('request ids', () => {
	it('keeps a plain client id and replaces anything else with a fresh one', async () => {
		const plain = await app.fetch('/healthz', { headers: { 'x-request-id': 'trace-abc.123:x_y' } });
		expect(plain.headers.get('x-request-id')).toBe('trace-abc.123:x_y');
		for (const claimed of ['<script>alert(1)</script>', 'a b', 'x'.repeat(65), 'ünï']) {
			const response = await app.fetch('/healthz', { headers: { 'x-request-id': claimed } });
			const id = response.headers.get('x-request-id');
			expect(id).not.toBe(claimed);
			expect(id).toMatch(/^[0-9a-f-]{36}$/);
		}
	});
});

describe('the dev outbox and DNS rebinding', () => {
	it('answers only under a loopback Host', async () => {
		const own = await rawRequest(app.url, { path: '/dev/outbox', headers: [['host', host()]] });
		expect(own.status).toBe(200);
		const rebound = await rawRequest(app.url, { path: '/dev/outbox', headers: [['host', 'rebind.evil.example']] });
		expect(rebound.status).toBe(404);
	});
});

describe('security headers', () => {
	const BASE = ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'permissions-policy'];

	it('sends a Content-Security-Policy with a nonce on rendered pages', async () => {
		for (const path of ['/', '/login', '/signup']) {
			const response = await app.fetch(path);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp).toContain("default-src 'self'");
			expect(csp).toContain("object-src 'none'");
			expect(csp).toContain("frame-ancestors 'none'");
			const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
			expect(nonce).toBeTruthy();
			const html = await response.text();
			// Every inline script carries the nonce; none runs without it.
			const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
			expect(scripts.length).toBeGreaterThan(0);
			for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
		}
	});

	it('sends the same base headers on pages, API, static assets and Socket.IO', async () => {
		const page = await app.fetch('/');
		const html = await page.text();
		const asset = html.match(/\/_app\/immutable\/[^"']+\.js/)?.[0];
		expect(asset).toBeTruthy();
		for (const path of ['/', '/api/auth/me', '/favicon.svg', asset!, '/socket.io/?EIO=4&transport=polling']) {
			const response = await app.fetch(path);
			for (const name of BASE) expect([path, name, response.headers.get(name)]).toEqual([path, name, expect.any(String)]);
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		}
	});
});
