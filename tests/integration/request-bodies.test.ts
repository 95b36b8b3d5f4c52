// Request bodies every feature inherits: JSON depth and size, and form posts that are not forms.
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

/** `[[[[...]]]]` nested `depth` deep. */
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** `{"a":{"a":...1}}` nested `depth` deep. */
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const JSON_ENDPOINTS: { method: string; path: string; signedIn?: boolean }[] = [
	{ method: 'POST', path: '/api/auth/login' },
	{ method: 'POST', path: '/api/auth/register' },
	{ method: 'POST', path: '/api/auth/verify-email' },
	{ method: 'POST', path: '/api/auth/resend-verification' },
	{ method: 'POST', path: '/api/auth/forgot-password' },
	{ method: 'POST', path: '/api/auth/reset-password' },
	{ method: 'PUT', path: '/api/users/profile', signedIn: true }
];

function sendJson(endpoint: (typeof JSON_ENDPOINTS)[number], body: BodyInit, headers: Record<string, string> = {}) {
	return app.fetch(endpoint.path, {
		method: endpoint.method,
		headers: { 'content-type': 'application/json', ...(endpoint.signedIn ? ana.auth : {}), ...headers },
		body
	});
}
describe('deeply nested JSON', () => {
	it('answers 400 at once on every JSON endpoint, while /healthz keeps answering', async () => {
		for (const body of [nestedArrays(30_000), nestedObjects(10_000)]) {
			expect(body.length).toBeLessThan(64 * 1024);
			for (const endpoint of JSON_ENDPOINTS) {
				const started = performance.now();
				const pending = sendJson(endpoint, body);
				const healthStarted = performance.now();
				const health = await app.fetch('/healthz');
				const healthMs = performance.now() - healthStarted;
				const response = await pending;
				const ms = performance.now() - started;
				expect([endpoint.path, response.status]).toEqual([endpoint.path, 400]);
				expect(await errorOf(response)).toMatchObject({ code: 'invalid_json', field: 'body' });
				expect(health.status).toBe(200);
				// Generous bounds: before the fix these took 4–10 s and held /healthz as long.
				expect(ms).toBeLessThan(1_000);
				expect(healthMs).toBeLessThan(500);
			}
		}
	});

	it('still accepts the nesting a real body has', async () => {
		const response = await postJson(app, '/api/auth/login', { login: 'nobody', password: 'x'.repeat(12) });
		expect(response.status).toBe(401);
	});

	it('names the field of a NUL character however deep the value is', async () => {
		const response = await app.fetch('/api/users/profile', {
			method: 'PUT',
			headers: { 'content-type': 'application/json', ...ana.auth },
			body: JSON.stringify({ instruments: ['cello', 'vi\u0000ola'] })
		});
		expect(response.status).toBe(400);
		expect((await errorOf(response)).field).toBe('instruments.1');
	});
});

describe('JSON body size', () => {
	it('refuses a body over 64 KB with 413 before reading it', async () => {
		const body = JSON.stringify({ login: 'a'.repeat(70 * 1024), password: 'x' });
		const response = await postJson(app, '/api/auth/login', JSON.parse(body));
		expect(response.status).toBe(413);
		expect(await errorOf(response)).toMatchObject({ code: 'payload_too_large', field: 'body' });
	});

	it('refuses a chunked body without Content-Length once it passes 64 KB', async () => {
		const chunk = ' '.repeat(16 * 1024);
		const chunked = Array.from({ length: 12 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('') + '0\r\n\r\n';
		const response = await rawRequest(app.url, {
			method: 'POST',
			path: '/api/auth/login',
			headers: [
				['host', host()],
				['content-type', 'application/json'],
				['transfer-encoding', 'chunked']
			],
			body: chunked
		});
		expect(response.status).toBe(413);
	});

	it('checks the error code and field for a JSON array, null or string body', async () => {
		for (const body of ['[]', 'null', '"text"', '42']) {
			const response = await sendJson(JSON_ENDPOINTS[0]!, body);
			expect([body, response.status]).toEqual([body, 400]);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_json', field: 'body' });
		}
	});
});

describe('form actions with bodies that are not forms', () => {
	it('answers 400 for text/plain, JSON and broken multipart, never 500', async () => {
		const bodies: [string, string][] = [
			['text/plain', 'login=a&password=b'],
			['application/json', '{"login":"a"}'],
			['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="login"\r\n\r\nunterminated'],
			['multipart/form-data', 'no boundary at all']
		];
		for (const path of ['/login', '/signup', '/forgot-password', '/logout', '/profile']) {
			for (const [type, body] of bodies) {
				const response = await app.fetch(path, {
					method: 'POST',
					headers: { 'content-type': type, origin: app.url, cookie: `classcast_session=${ana.token}` },
					body
				});
				expect([path, type, response.status]).toEqual([path, type, 400]);
			}
		}
	});

	it('refuses a form over 16 MB before reading it', async () => {
		const response = await rawRequest(app.url, {
			method: 'POST',
			path: '/profile',
			headers: [
				['host', host()],
				['origin', app.url],
				['cookie', `classcast_session=${ana.token}`],
				['content-type', 'multipart/form-data; boundary=xyz'],
				['content-length', String(17 * 1024 * 1024)]
			]
		});
		expect(response.status).toBe(413);
	});

	it('answers an enhanced form submission in the shape its script reads', async () => {
		const response = await app.fetch('/login', {
			method: 'POST',
			headers: { 'content-type': 'text/plain', origin: app.url, 'x-sveltekit-action': 'true', accept: 'application/json' },
			body: 'x'
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ type: 'error', error: { message: expect.any(String) } });
	});
});
