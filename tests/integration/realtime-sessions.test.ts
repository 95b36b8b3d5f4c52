import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { rooms } from '../../src/lib/realtime/events';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { sweepEndedSessions } from '../../server/realtime/session-check';
import { deactivateUser } from '../../src/lib/server/auth/deactivation.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { me } from '../helpers/http';
import { connected, dial as dialTo, ending, outcome, type ClientSocket } from '../helpers/sockets';
import { login, postJson, signUpVerified, tokenFromOutbox } from '../helpers/users';

// Ending a session ends its sockets at once; the bound is one second.
const WITHIN_MS = 1000;

let app: TestApp;
const open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

const dial = (token: string) => connected(dialTo(app.url, open, { token }));

describe('sockets end with their session', () => {
	it('disconnects the sockets of exactly the session that logged out (API), telling them why', async () => {
		const user = await signUpVerified(app);
		const other = await login(app, user.username, user.password);
		const [loggedOut, stillIn] = await Promise.all([dial(user.token), dial(other.token)]);
		const ended = ending(loggedOut, WITHIN_MS);
		const response = await app.fetch('/api/auth/logout', { method: 'POST', headers: user.auth });
		expect(response.status).toBe(204);
		expect(await ended).toEqual({ revoked: { reason: 'logout' }, disconnect: 'io server disconnect' });
		expect(stillIn.connected).toBe(true);
		expect(await app.io.in(rooms.session(hashToken(other.token))).fetchSockets()).toHaveLength(1);
	});

	it('disconnects the sockets of a session logged out through the /logout page', async () => {
		const user = await signUpVerified(app);
		const socket = await connected(dialTo(app.url, open, { cookie: `classcast_session=${user.token}`, origin: app.url }));
		const ended = ending(socket, WITHIN_MS);
		const response = await app.fetch('/logout', {
			method: 'POST',
			headers: { cookie: `classcast_session=${user.token}`, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(response.status).toBe(303);
		expect((await ended).revoked).toEqual({ reason: 'logout' });
	});

	it('disconnects every socket of the user after a password reset', async () => {
		const user = await signUpVerified(app);
		const other = await login(app, user.username, user.password);
		const sockets = await Promise.all([dial(user.token), dial(other.token)]);
		const ended = sockets.map((socket) => ending(socket, WITHIN_MS));
		await postJson(app, '/api/auth/forgot-password', { email: user.email });
		const token = tokenFromOutbox(app, user.email, 'reset-password');
		const reset = await postJson(app, '/api/auth/reset-password', { token, password: 'Bassoon-reed-workshop-7' });
		expect(reset.status).toBe(200);
		for (const result of await Promise.all(ended)) expect(result.revoked).toEqual({ reason: 'password_reset' });
	});

	it('deactivating a user ends their sessions and sockets and keeps them out', async () => {
		const user = await signUpVerified(app);
		const bystander = await signUpVerified(app);
		const [socket, unrelated] = await Promise.all([dial(user.token), dial(bystander.token)]);
		const ended = ending(socket, WITHIN_MS);
		await deactivateUser(app.ctx, user.user.id);
		expect((await ended).revoked).toEqual({ reason: 'deactivated' });
		expect(unrelated.connected).toBe(true);
		expect((await me(app, user.token)).status).toBe(401);
		expect(await outcome(dialTo(app.url, open, { token: user.token }))).toBe('unauthorized');
		const again = await postJson(app, '/api/auth/login', { login: user.username, password: user.password });
		expect(again.status).toBe(403);
	});
});

describe('the periodic session sweep', () => {
	it('ends the sockets whose session was deleted or whose user was deactivated behind the app’s back', async () => {
		const [gone, inactive, fine] = await Promise.all([signUpVerified(app), signUpVerified(app), signUpVerified(app)]);
		const [goneSocket, inactiveSocket, fineSocket] = await Promise.all([dial(gone.token), dial(inactive.token), dial(fine.token)]);
		const ended = [ending(goneSocket, WITHIN_MS), ending(inactiveSocket, WITHIN_MS)];
		await app.ctx.db.deleteFrom('sessions').where('id', '=', hashToken(gone.token)).execute();
		await app.ctx.db.updateTable('users').set({ active: false }).where('id', '=', inactive.user.id).execute();
		expect(await sweepEndedSessions(app.ctx, app.io)).toBeGreaterThanOrEqual(2);
		for (const result of await Promise.all(ended)) expect(result.revoked).toEqual({ reason: 'expired' });
		expect(fineSocket.connected).toBe(true);
	});
});

describe('the context emitter', () => {
	it('reaches the sockets of a user, and only theirs', async () => {
		const [user, stranger] = await Promise.all([signUpVerified(app), signUpVerified(app)]);
		const [socket, strangers] = await Promise.all([dial(user.token), dial(stranger.token)]);
		let strangerHeard = false;
		strangers.on('session:revoked', () => (strangerHeard = true));
		const heard = new Promise((resolve) => socket.once('session:revoked', resolve));
		app.ctx.realtime.toUser(user.user.id).emit('session:revoked', { reason: 'expired' });
		expect(await heard).toEqual({ reason: 'expired' });
		// A round trip on the stranger's socket: anything sent before its answer has arrived.
		await strangers.timeout(WITHIN_MS).emitWithAck('time:ping', { clientTime: 0 });
		expect(strangerHeard).toBe(false);
	});

	it('makes a user’s sockets leave a room', async () => {
		const user = await signUpVerified(app);
		await dial(user.token);
		const room = rooms.video(1);
		// This node's view: with Redis, a cluster-wide join lands only after a round trip.
		app.io.local.in(rooms.user(user.user.id)).socketsJoin(room);
		expect(await app.io.local.in(room).fetchSockets()).toHaveLength(1);
		app.ctx.realtime.toUser(user.user.id).leave(room);
		expect(await app.io.local.in(room).fetchSockets()).toHaveLength(0);
	});
});
