import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import { startTestApp, type TestApp } from '../helpers/app';
import { signUpVerified } from '../helpers/users';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let app: TestApp;
const open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

function dial(options: { token?: string; cookie?: string } = {}): ClientSocket {
	const socket: ClientSocket = connect(app.url, {
		transports: ['websocket'],
		reconnection: false,
		auth: options.token ? { token: options.token } : {},
		extraHeaders: options.cookie ? { cookie: options.cookie } : {}
	});
	open.push(socket);
	return socket;
}

/** Resolves 'connected' or the refusal message. */
function outcome(socket: ClientSocket): Promise<string> {
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (error) => resolve(error.message));
	});
}

describe('Socket.IO on /socket.io/', () => {
	it('accepts a socket signed in with a session token and answers its commands', async () => {
		const user = await signUpVerified(app);
		const socket = dial({ token: user.token });
		expect(await outcome(socket)).toBe('connected');
		const before = Date.now();
		const serverTime = await new Promise<number>((resolve) => socket.emit('time:ping', resolve));
		expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
		expect(serverTime).toBeLessThanOrEqual(Date.now() + 1000);
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
});
