import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { rooms } from '../../src/lib/realtime/events';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { createRealtimeEmitter } from '../../src/lib/server/realtime/emitter';
import { startTestApp, type TestApp } from '../helpers/app';
import { connected, dial, ending, type ClientSocket } from '../helpers/sockets';
import { login, postJson, signUpVerified, tokenFromOutbox } from '../helpers/users';

// Two web nodes on one PostgreSQL database and one Redis, as in production. Needs real services:
// skipped (neither passed nor failed) on the embedded run.
const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;

describe.skipIf(!services)('several web nodes', () => {
	let first: TestApp;
	let second: TestApp;
	const open: ClientSocket[] = [];
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
		for (const socket of open) socket.disconnect();
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

	/** Waits until node `from` sees, through Redis, the socket of a session connected to another node. */
	async function visibleAcrossNodes(from: TestApp, token: string): Promise<void> {
		const deadline = Date.now() + 5000;
		while ((await from.io.in(rooms.session(hashToken(token))).fetchSockets()).length !== 1) {
			if (Date.now() > deadline) throw new Error('the other node never saw the socket');
			await Bun.sleep(50);
		}
	}

	it('logging out on one node disconnects the session’s socket on the other within a second', async () => {
		const user = await signUpVerified(first);
		const socket = await connected(dial(second.url, open, { token: user.token }));
		await visibleAcrossNodes(first, user.token);
		const ended = ending(socket, 1000);
		expect((await first.fetch('/api/auth/logout', { method: 'POST', headers: user.auth })).status).toBe(204);
		expect(await ended).toEqual({ revoked: { reason: 'logout' }, disconnect: 'io server disconnect' });
	});

	it('a password reset on one node disconnects every socket of the user on both', async () => {
		const user = await signUpVerified(first);
		const other = await login(second, user.username, user.password);
		const sockets = await Promise.all([
			connected(dial(first.url, open, { token: user.token })),
			connected(dial(second.url, open, { token: other.token }))
		]);
		await visibleAcrossNodes(first, other.token);
		const ended = sockets.map((socket) => ending(socket, 1000));
		await postJson(first, '/api/auth/forgot-password', { email: user.email });
		const token = tokenFromOutbox(first, user.email, 'reset-password');
		expect((await postJson(first, '/api/auth/reset-password', { token, password: 'Bassoon-reed-workshop-7' })).status).toBe(200);
		for (const result of await Promise.all(ended)) expect(result.revoked).toEqual({ reason: 'password_reset' });
	});

	it('an emitter with no Socket.IO server of its own (the worker) reaches a socket through Redis', async () => {
		const user = await signUpVerified(first);
		const socket = await connected(dial(second.url, open, { token: user.token }));
		await visibleAcrossNodes(first, user.token);
		const worker = createRealtimeEmitter({ redis: first.ctx.redis, keyPrefix: first.ctx.config.keyPrefix, logger: first.ctx.logger });
		const ended = ending(socket, 1000);
		worker.toSession(hashToken(user.token)).end('deactivated');
		expect((await ended).revoked).toEqual({ reason: 'deactivated' });
	});
});
