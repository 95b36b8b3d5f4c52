import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { io as connect, type Socket } from 'socket.io-client';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from '../../src/lib/realtime/events';
import { startTestApp, type TestApp } from '../helpers/app';
import { postJson, signUpVerified } from '../helpers/users';

// Two web nodes on one PostgreSQL database and one Redis, as in production. Needs real services:
// skipped (neither passed nor failed) on the embedded run.
const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;

describe.skipIf(!services)('several web nodes', () => {
	let first: TestApp;
	let second: TestApp;
	beforeAll(async () => {
		first = await startTestApp({ rateLimits: { loginFailuresPerAccount: 4 } });
		// WORKER=off: jobs (the sign-up mails) run on the first node, whose dev outbox the tests read.
		second = await startTestApp({
			worker: 'off',
			databaseUrl: first.ctx.config.databaseUrl,
			keyPrefix: first.ctx.config.keyPrefix,
			rateLimits: { loginFailuresPerAccount: 4 }
		});
	});
	afterAll(async () => {
		await second.stop();
		await first.stop();
	});

	it('accepts on one node a session created on the other, and logout on one revokes it on both', async () => {
		const user = await signUpVerified(first);
		expect((await second.fetch('/api/auth/me', { headers: user.auth })).status).toBe(200);
		await second.fetch('/api/auth/logout', { method: 'POST', headers: user.auth });
		expect((await first.fetch('/api/auth/me', { headers: user.auth })).status).toBe(401);
	});

	it('counts failed logins across nodes', async () => {
		const user = await signUpVerified(first);
		for (const node of [first, second, first, second]) {
			await postJson(node, '/api/auth/login', { login: user.username, password: 'wrong-password-1' });
		}
		const locked = await postJson(first, '/api/auth/login', { login: user.username, password: user.password });
		expect(locked.status).toBe(429);
	});

	it('delivers an event emitted on one node to a socket connected to the other', async () => {
		const user = await signUpVerified(first);
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(second.url, {
			transports: ['websocket'],
			reconnection: false,
			auth: { token: user.token }
		});
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			const revoked = new Promise<string>((resolve) => socket.once('session:revoked', () => resolve('received')));
			// The adapter's subscription is asynchronous; emit until the other node relays it.
			const deadline = Date.now() + 5000;
			let outcome = 'timeout';
			while (outcome === 'timeout' && Date.now() < deadline) {
				first.io.to(rooms.user(user.user.id)).emit('session:revoked');
				outcome = await Promise.race([revoked, Bun.sleep(200).then(() => 'timeout')]);
			}
			expect(outcome).toBe('received');
		} finally {
			socket.disconnect();
		}
	});
});
