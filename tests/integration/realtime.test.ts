import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { command, connected, dial as dialTo, outcome, type ClientSocket, type DialOptions } from '../helpers/sockets';
import { signUpVerified } from '../helpers/users';

let app: TestApp;
const open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

const dial = (options: DialOptions = {}) => dialTo(app.url, open, options);

describe('Socket.IO handshake on /socket.io/', () => {
	it('accepts a socket signed in with a session token and answers its commands', async () => {
		const user = await signUpVerified(app);
		const socket = await connected(dial({ token: user.token }));
		const before = Date.now();
		const answer = await command(socket, 'time:ping', { clientTime: 42 });
		if (!answer.ok) throw new Error(`ping refused: ${answer.error.code}`);
		const data = answer.data as { clientTime: number; serverTime: number };
		expect(data.clientTime).toBe(42);
		expect(data.serverTime).toBeGreaterThanOrEqual(before - 1000);
		expect(data.serverTime).toBeLessThanOrEqual(Date.now() + 1000);
	});

	it('accepts a socket signed in with the session cookie', async () => {
		const user = await signUpVerified(app);
		expect(await outcome(dial({ cookie: `classcast_session=${user.token}` }))).toBe('connected');
	});

	it('refuses an anonymous socket', async () => {
		expect(await outcome(dial())).toBe('unauthorized');
	});

	it('refuses a socket whose session was logged out', async () => {
		const user = await signUpVerified(app);
		await app.fetch('/api/auth/logout', { method: 'POST', headers: user.auth });
		expect(await outcome(dial({ token: user.token }))).toBe('unauthorized');
	});

	it('refuses a malformed session cookie promptly instead of hanging', async () => {
		const started = Date.now();
		expect(await outcome(dial({ cookie: 'classcast_session=%E0%A4%A' }))).toBe('unauthorized');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(app.logs.some((line) => line.includes('malformed session cookie'))).toBe(true);
		// The process is still serving.
		expect((await app.fetch('/healthz')).status).toBe(200);
	});

	it('accepts a page on its own origin', async () => {
		const user = await signUpVerified(app);
		expect(await outcome(dial({ cookie: `classcast_session=${user.token}`, origin: app.url }))).toBe('connected');
	});

	it('refuses a page on a foreign origin, even with a valid session cookie', async () => {
		const user = await signUpVerified(app);
		const cookie = `classcast_session=${user.token}`;
		const port = new URL(app.url).port;
		for (const origin of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, 'null']) {
			expect(await outcome(dial({ cookie, origin }))).toBe('forbidden_origin');
		}
	});
});

describe('Socket.IO handshake with ORIGIN configured', () => {
	// TLS ends at a proxy: the public origin is https while this server speaks http on the same
	// host and port. The Host header matches ORIGIN, as the server requires when ORIGIN is set.
	let configured: TestApp;
	let publicOrigin: string;
	beforeAll(async () => {
		const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
		const port = probe.port ?? 0;
		await probe.stop(true);
		publicOrigin = `https://127.0.0.1:${port}`;
		configured = await startTestApp({ port, origin: publicOrigin });
	});
	afterAll(async () => {
		await configured.stop();
	});

	it('accepts the configured origin and refuses the one the Host alone would suggest', async () => {
		const user = await signUpVerified(configured);
		const cookie = `classcast_session=${user.token}`;
		expect(await outcome(dialTo(configured.url, open, { cookie, origin: publicOrigin }))).toBe('connected');
		expect(await outcome(dialTo(configured.url, open, { cookie, origin: configured.url }))).toBe('forbidden_origin');
	});
});
