import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { registerRealtime } from '../../server/realtime/register';
import { SESSION_RECHECK_MS } from '../../server/realtime/session-check';
import { handlers, type HandlerTable } from '../../server/realtime/handlers/index';
import type { RealtimeServer } from '../../server/realtime/types';
import { rooms } from '../../src/lib/realtime/events';
import { hashToken } from '../../src/lib/server/auth/tokens';
import type { AppContext } from '../../src/lib/server/context';
import { AppError } from '../../src/lib/server/errors';
import { createRealtimeEmitter } from '../../src/lib/server/realtime/emitter';
import { startTestApp, type TestApp } from '../helpers/app';
import { command, connected, dial as dialTo, ending, outcome, type ClientSocket } from '../helpers/sockets';
import { signUpVerified } from '../helpers/users';

let app: TestApp;
const open: ClientSocket[] = [];
const servers: { io: RealtimeServer; close(): void }[] = [];
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	for (const server of servers) {
		server.close();
		await server.io.close();
	}
	await app.stop();
});

/**
 * A Socket.IO server of its own on a free port, registered like the app's but with the given
 * context and handlers, so a test can make a handler throw or the database fail.
 */
async function customServer(ctx: AppContext, handlers?: HandlerTable): Promise<string> {
	const http = createServer();
	const io: RealtimeServer = new Server(http, { path: '/socket.io/', serveClient: false });
	// Its own emitter, so registering does not take over the app's.
	const registered = registerRealtime(io, async () => ({ ...ctx, realtime: createRealtimeEmitter({ redis: undefined, keyPrefix: 'x', logger: ctx.logger }) }), {
		handlers
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	servers.push({ io, close: registered.close });
	return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** Makes the app's sockets of a session look as if their session was last checked past the bound. */
async function ageSessionCheck(token: string): Promise<void> {
	const sockets = await app.io.in(rooms.session(hashToken(token))).fetchSockets();
	expect(sockets).toHaveLength(1);
	for (const socket of sockets) socket.data.sessionCheckedAt = Date.now() - SESSION_RECHECK_MS - 1000;
}

describe('client commands', () => {
	it('answers a payload that fails its schema with { ok: false } and keeps the socket', async () => {
		const user = await signUpVerified(app);
		const socket = await connected(dialTo(app.url, open, { token: user.token }));
		for (const bad of [[], [{}], [{ clientTime: 'noon' }], [{ clientTime: 1, extra: true }], ['ping'], [{ clientTime: 1 }, 'more']]) {
			const answer = await command(socket, 'time:ping', ...bad);
			expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		}
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toMatchObject({ ok: true });
	});

	it('answers a handler that throws with { ok: false }, logs it, and keeps serving', async () => {
		let calls = 0;
		const url = await customServer(app.ctx, {
			...handlers,
			'time:ping': () => {
				calls++;
				if (calls === 1) throw new Error('handler exploded');
				if (calls === 2) throw new AppError(403, 'forbidden', 'Not yours.');
				return { clientTime: 0, serverTime: 0 };
			}
		});
		const user = await signUpVerified(app);
		const socket = await connected(dialTo(url, open, { token: user.token }));
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toEqual({
			ok: false,
			error: { code: 'internal', message: 'Something went wrong on our side.' }
		});
		expect(app.logs.some((line) => line.includes('handler exploded') && line.includes('socket command failed'))).toBe(true);
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not yours.' } });
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toEqual({ ok: true, data: { clientTime: 0, serverTime: 0 } });
	});

	it('re-checks the session of a socket whose last check is old, and ends it when the session is gone', async () => {
		const user = await signUpVerified(app);
		const socket = await connected(dialTo(app.url, open, { token: user.token }));
		// Deleted behind the app's back: no logout, so nothing ends the socket at once.
		await app.ctx.db.deleteFrom('sessions').where('id', '=', hashToken(user.token)).execute();
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toMatchObject({ ok: true });
		await ageSessionCheck(user.token);
		const ended = ending(socket, 1000);
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
		expect((await ended).revoked).toEqual({ reason: 'expired' });
	});

	it('keeps a socket whose session is still current past the re-check', async () => {
		const user = await signUpVerified(app);
		const socket = await connected(dialTo(app.url, open, { token: user.token }));
		await ageSessionCheck(user.token);
		expect(await command(socket, 'time:ping', { clientTime: 1 })).toMatchObject({ ok: true });
		expect(socket.connected).toBe(true);
	});
});

describe('handshake failures', () => {
	it('refuses, promptly and logged, when the database fails during the session check', async () => {
		const broken = new Proxy(app.ctx.db, {
			get() {
				throw new Error('database is down');
			}
		});
		const url = await customServer({ ...app.ctx, db: broken });
		const user = await signUpVerified(app);
		expect(await outcome(dialTo(url, open, { token: user.token }))).toBe('unavailable');
		expect(app.logs.some((line) => line.includes('database is down') && line.includes('socket handshake failed'))).toBe(true);
	});
});
