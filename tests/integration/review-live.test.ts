import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { ServerToClientEvents } from '../../src/lib/realtime/events';
import type { PlaybackState } from '../../src/lib/review/playback';
import { RECONNECT_GRACE_MS } from '../../src/lib/review/presence';
import type { ReviewSession } from '../../src/lib/server/review/review-session.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { command, connected, dial, type ClientSocket } from '../helpers/sockets';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The room of a live co-review: who may join, the ordered shared state, host mode, presence and
// pointers; and, with real services, two participants on two nodes and a node that goes away.

const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const open: ClientSocket[] = [];
let app: TestApp;
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` on the socket that passes `match`, or a rejection after `withinMs`. */
function next<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, match: (p: Payload<E>) => boolean = () => true, withinMs = 3000): Promise<Payload<E>> {
	return new Promise((resolve, reject) => {
		const untyped = socket as unknown as { on(e: string, f: (p: Payload<E>) => void): void; off(e: string, f: (p: Payload<E>) => void): void };
		const timer = setTimeout(() => {
			untyped.off(event, listener);
			reject(new Error(`no ${event} within ${withinMs} ms`));
		}, withinMs);
		const listener = (payload: Payload<E>) => {
			if (!match(payload)) return;
			clearTimeout(timer);
			untyped.off(event, listener);
			resolve(payload);
		};
		untyped.on(event, listener);
	});
}

/** Collects every `event` the socket hears from now on. */
function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Payload<E>[] {
	const heard: Payload<E>[] = [];
	(socket as unknown as { on(e: string, f: (p: Payload<E>) => void): void }).on(event, (p) => heard.push(p));
	return heard;
}

async function live(node: TestApp = app) {
	const [student, teacher, stranger] = [await signUpVerified(node), await signUpVerified(node), await signUpVerified(node)];
	const videoId = await insertVideo(node.ctx.db, student.user.id, { sharedWith: [teacher.user.id] });
	await node.ctx.db.updateTable('videos').set({ duration: 60 }).where('id', '=', videoId).execute();
	const response = await node.fetch(`/api/videos/${videoId}/review-sessions`, {
		method: 'POST',
		headers: { ...student.auth, 'content-type': 'application/json' },
		body: JSON.stringify({ inviteeIds: [teacher.user.id] })
	});
	const session = ((await response.json()) as { session: ReviewSession }).session;
	return { student, teacher, stranger, videoId, sessionId: session.id };
}

const socketOf = (user: SignedInUser, url = app.url) => connected(dial(url, open, { token: user.token }));
const join = (socket: ClientSocket, sessionId: number) => command(socket, 'review:join', { sessionId });
const change = (socket: ClientSocket, sessionId: number, baseVersion: number, c: unknown) => command(socket, 'review:change', { sessionId, baseVersion, change: c });
const stateOf = (answer: { ok: boolean; data?: unknown }) => (answer.data as { state: PlaybackState }).state;

describe('joining a session', () => {
	it('is for the host and invitees who may still view the video; others are told it does not exist', async () => {
		const { student, teacher, stranger, videoId, sessionId } = await live();
		expect(await join(await socketOf(student), sessionId)).toMatchObject({ ok: true });
		const joined = await join(await socketOf(teacher), sessionId);
		expect(joined).toMatchObject({ ok: true, data: { session: { id: sessionId, playback: { version: 0 } } } });
		expect(typeof (joined.ok && (joined.data as { serverTime: number }).serverTime)).toBe('number');
		expect(await join(await socketOf(stranger), sessionId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await join(await socketOf(student), 2_000_000_000)).toMatchObject({ ok: false, error: { code: 'not_found' } });
		for (const bad of [{}, { sessionId: 'one' }, { sessionId: -1 }, { sessionId, extra: 1 }]) {
			expect(await command(await socketOf(student), 'review:join', bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		}
		// Unshared: the invitation no longer lets them in, and their open socket may not steer.
		const teacherSocket = await socketOf(teacher);
		await join(teacherSocket, sessionId);
		await app.fetch(`/api/videos/${videoId}/share/${teacher.user.id}`, { method: 'DELETE', headers: student.auth });
		expect(await join(await socketOf(teacher), sessionId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await change(teacherSocket, sessionId, 0, { type: 'play', position: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
	});

	it('refuses changes and pointers from a socket that has not joined', async () => {
		const { student, sessionId } = await live();
		const socket = await socketOf(student);
		expect(await change(socket, sessionId, 0, { type: 'play', position: 0 })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
		expect(await command(socket, 'review:pointer', { sessionId, x: 0.5, y: 0.5 })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
	});

	it('shows who is here as people join and leave, and when a connection closes on purpose', async () => {
		const { student, teacher, sessionId } = await live();
		const host = await socketOf(student);
		await join(host, sessionId);
		const guest = await socketOf(teacher);
		const arrived = next(host, 'review:presence', (p) => p.participants.length === 2);
		await join(guest, sessionId);
		expect((await arrived).participants.map((p) => p.user.id)).toEqual([student.user.id, teacher.user.id]);
		const gone = next(host, 'review:presence', (p) => p.participants.length === 1);
		guest.disconnect();
		// Closed by the client (a page that went away), not dropped: nobody is reconnecting.
		expect(await gone).toMatchObject({ participants: [{ user: { id: student.user.id }, connections: 1 }], reconnecting: [] });
		const rows = await app.ctx.db.selectFrom('review_session_participants').select('user_id').where('session_id', '=', sessionId).orderBy('user_id').execute();
		expect(rows.map((r) => r.user_id)).toEqual([student.user.id, teacher.user.id].sort((a, b) => a - b));
	});
	it('shows someone whose connection dropped as reconnecting for the grace period, and here again once they rejoin', async () => {
		const { student, teacher, sessionId } = await live();
		const host = await socketOf(student);
		await join(host, sessionId);
		const guest = await socketOf(teacher);
		await join(guest, sessionId);
		const dropped = next(host, 'review:presence', (p) => p.participants.length === 1);
		const before = Date.now();
		guest.io.engine.close(); // the transport goes without a goodbye, as a lost network does
		const heard = await dropped;
		expect(heard.reconnecting.map((r) => r.userId)).toEqual([teacher.user.id]);
		expect(heard.reconnecting[0]?.until).toBeGreaterThanOrEqual(before + RECONNECT_GRACE_MS);
		expect(heard.reconnecting[0]?.until).toBeLessThanOrEqual(Date.now() + RECONNECT_GRACE_MS);
		// A page that joins meanwhile is told too.
		const late = await join(await socketOf(student), sessionId);
		expect(late.ok && (late.data as { reconnecting: unknown[] }).reconnecting).toEqual(heard.reconnecting);

		const back = next(host, 'review:presence', (p) => p.participants.length === 2);
		await join(await socketOf(teacher), sessionId);
		expect(await back).toMatchObject({ participants: [{ user: { id: student.user.id } }, { user: { id: teacher.user.id } }], reconnecting: [] });
	});

	it('shows someone who left with review:leave as gone at once, even after an earlier drop', async () => {
		const { student, teacher, sessionId } = await live();
		const host = await socketOf(student);
		await join(host, sessionId);
		const first = await socketOf(teacher);
		await join(first, sessionId);
		const dropped = next(host, 'review:presence', (p) => p.reconnecting.length === 1);
		first.io.engine.close();
		await dropped;
		const guest = await socketOf(teacher);
		await join(guest, sessionId);
		const left = next(host, 'review:presence', (p) => p.participants.length === 1);
		await command(guest, 'review:leave', { sessionId });
		expect(await left).toMatchObject({ reconnecting: [] });
	});
});

describe('shared playback', () => {
	it('applies changes in order and sends every participant the new state; a stale change resyncs its sender', async () => {
		const { student, teacher, sessionId } = await live();
		const [host, guest] = [await socketOf(student), await socketOf(teacher)];
		await join(host, sessionId);
		await join(guest, sessionId);

		const heard = next(guest, 'review:state');
		const played = await change(host, sessionId, 0, { type: 'play', position: 3 });
		expect(played).toMatchObject({ ok: true, data: { state: { playing: true, position: 3, version: 1 } } });
		expect(await heard).toMatchObject({ sessionId, by: student.user.id, state: { playing: true, version: 1 } });

		// The guest had not seen version 1 yet: refused, and told where things are.
		const resync = next(guest, 'review:state', (p) => p.by === null);
		expect(await change(guest, sessionId, 0, { type: 'pause', position: 9 })).toMatchObject({ ok: false, error: { code: 'stale' } });
		expect((await resync).state.version).toBe(1);

		const paused = await change(guest, sessionId, 1, { type: 'pause', position: 4 });
		expect(stateOf(paused)).toMatchObject({ playing: false, position: 4, version: 2 });
		const looped = await change(guest, sessionId, 2, { type: 'loop', loop: { start: 3, end: 7 } });
		expect(stateOf(looped)).toMatchObject({ loop: { start: 3, end: 7 }, position: 4, version: 3 });
		expect(stateOf(await change(host, sessionId, 3, { type: 'rate', rate: 0.5 }))).toMatchObject({ rate: 0.5, version: 4 });

		// A late joiner starts from the current state.
		const late = await join(await socketOf(teacher), sessionId);
		expect(late.ok && (late.data as { session: ReviewSession }).session.playback).toMatchObject({ version: 4, rate: 0.5, loop: { start: 3, end: 7 } });
	});

	it('lets one of two simultaneous changes win and refuses the other as stale', async () => {
		const { student, teacher, sessionId } = await live();
		const [host, guest] = [await socketOf(student), await socketOf(teacher)];
		await join(host, sessionId);
		await join(guest, sessionId);
		const answers = await Promise.all([change(host, sessionId, 0, { type: 'seek', position: 10 }), change(guest, sessionId, 0, { type: 'seek', position: 20 })]);
		expect(answers.filter((a) => a.ok)).toHaveLength(1);
		expect(answers.filter((a) => !a.ok)).toMatchObject([{ error: { code: 'stale' } }]);
		expect((await app.ctx.reviewStates.get(sessionId))?.version).toBe(1);
	});

	it('refuses changes off the video or out of shape', async () => {
		const { student, sessionId } = await live();
		const host = await socketOf(student);
		await join(host, sessionId);
		expect(await change(host, sessionId, 0, { type: 'seek', position: 61 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		expect(await change(host, sessionId, 0, { type: 'rate', rate: 3 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		for (const bad of [{ type: 'jump', position: 1 }, { type: 'seek', position: 'start' }, { type: 'seek', position: -2 }, { type: 'loop', loop: { start: 1 } }, { type: 'play' }]) {
			expect(await change(host, sessionId, 0, bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		}
		expect((await app.ctx.reviewStates.get(sessionId))?.version).toBe(0);
	});

	it('host mode: the host takes the controls and hands them on; nobody else may', async () => {
		const { student, teacher, sessionId } = await live();
		const [host, guest] = [await socketOf(student), await socketOf(teacher)];
		await join(host, sessionId);
		await join(guest, sessionId);
		expect(await change(guest, sessionId, 0, { type: 'control', controllerId: teacher.user.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(stateOf(await change(host, sessionId, 0, { type: 'control', controllerId: student.user.id }))).toMatchObject({ controllerId: student.user.id });
		expect(await change(guest, sessionId, 1, { type: 'play', position: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(await change(host, sessionId, 1, { type: 'control', controllerId: 2_000_000 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		expect(stateOf(await change(host, sessionId, 1, { type: 'control', controllerId: teacher.user.id }))).toMatchObject({ controllerId: teacher.user.id });
		expect(await change(guest, sessionId, 2, { type: 'play', position: 0 })).toMatchObject({ ok: true });
		expect(await change(host, sessionId, 3, { type: 'pause', position: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		// The host can always take them back.
		expect(stateOf(await change(host, sessionId, 3, { type: 'control', controllerId: null }))).toMatchObject({ controllerId: null });
	});
});

describe('buffering and voice signalling', () => {
	it('holds playback for everyone while one player buffers, resumes when it is ready, and stops waiting for someone who left', async () => {
		const { student, teacher, sessionId } = await live();
		const [host, guest] = [await socketOf(student), await socketOf(teacher)];
		await join(host, sessionId);
		await join(guest, sessionId);
		await change(host, sessionId, 0, { type: 'play', position: 2 });

		const held = next(host, 'review:state', (p) => p.state.waitingFor.length > 0);
		expect(await command(guest, 'review:waiting', { sessionId, waiting: true })).toMatchObject({ ok: true });
		expect((await held).state).toMatchObject({ playing: false, waitingFor: [teacher.user.id], resumeWhenReady: true });
		const resumed = next(host, 'review:state', (p) => p.state.playing);
		await command(guest, 'review:waiting', { sessionId, waiting: false });
		expect((await resumed).state).toMatchObject({ playing: true, waitingFor: [] });

		await command(guest, 'review:waiting', { sessionId, waiting: true });
		const released = next(host, 'review:state', (p) => p.state.playing && p.state.waitingFor.length === 0);
		guest.disconnect();
		expect((await released).state.playing).toBe(true);
	});

	it('relays a voice signal to the person named, in this session only', async () => {
		const { student, teacher, stranger, sessionId } = await live();
		const [host, guest, outsider] = [await socketOf(student), await socketOf(teacher), await socketOf(stranger)];
		await join(host, sessionId);
		await join(guest, sessionId);
		const leaked = record(outsider, 'review:signal');
		const offer = next(guest, 'review:signal');
		const signal = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
		expect(await command(host, 'review:signal', { sessionId, toUserId: teacher.user.id, signal })).toMatchObject({ ok: true });
		expect(await offer).toEqual({ sessionId, fromUserId: student.user.id, signal: signal as never });
		expect(await command(host, 'review:signal', { sessionId, toUserId: stranger.user.id, signal })).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await command(host, 'review:signal', { sessionId, toUserId: teacher.user.id, signal: { type: 'offer', sdp: 'x'.repeat(70_000) } })).toMatchObject({
			ok: false,
			error: { code: 'invalid_payload' }
		});
		expect(await command(outsider, 'review:signal', { sessionId, toUserId: teacher.user.id, signal })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
		await Bun.sleep(100);
		expect(leaked).toEqual([]);
	});
});

describe('pointers and the end', () => {
	it('sends a pointer to the others in the room only', async () => {
		const { student, teacher, stranger, sessionId } = await live();
		const [host, guest, outsider] = [await socketOf(student), await socketOf(teacher), await socketOf(stranger)];
		await join(host, sessionId);
		await join(guest, sessionId);
		const own = record(host, 'review:pointer');
		const leaked = record(outsider, 'review:pointer');
		const seen = next(guest, 'review:pointer');
		expect(await command(host, 'review:pointer', { sessionId, x: 0.25, y: 0.75 })).toMatchObject({ ok: true });
		expect(await seen).toEqual({ sessionId, userId: student.user.id, x: 0.25, y: 0.75 });
		expect(await command(host, 'review:pointer', { sessionId, x: 2, y: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		await Bun.sleep(200);
		expect(own).toEqual([]);
		expect(leaked).toEqual([]);
	});

	it('shows a stroke as it is drawn to the others in the room only, and takes it back', async () => {
		const { student, teacher, stranger, sessionId } = await live();
		const [host, guest, outsider] = [await socketOf(student), await socketOf(teacher), await socketOf(stranger)];
		await join(host, sessionId);
		await join(guest, sessionId);
		const own = record(host, 'review:draw');
		const leaked = record(outsider, 'review:draw');
		const stroke = { color: '#FF3B30', width: 0.006, points: [[0.1, 0.2], [0.15, 0.25]] };
		const seen = next(guest, 'review:draw');
		expect(await command(host, 'review:draw', { sessionId, key: 'a1', stroke })).toMatchObject({ ok: true });
		expect(await seen).toEqual({ sessionId, userId: student.user.id, key: 'a1', stroke: { ...stroke, color: '#ff3b30' } as never });
		const cleared = next(guest, 'review:draw');
		await command(host, 'review:draw', { sessionId, key: '*', stroke: null });
		expect(await cleared).toMatchObject({ key: '*', stroke: null });
		for (const bad of [
			{ sessionId, key: 'a1', stroke: { ...stroke, points: [] } },
			{ sessionId, key: 'a1', stroke: { ...stroke, color: 'red' } },
			{ sessionId, key: 'a1', stroke: { ...stroke, points: Array.from({ length: 2001 }, () => [0.5, 0.5]) } },
			{ sessionId, key: '../x', stroke }
		]) {
			expect(await command(host, 'review:draw', bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		}
		expect(await command(host, 'review:draw', { sessionId, key: '*', stroke })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		expect(await command(outsider, 'review:draw', { sessionId, key: 'b', stroke })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
		await Bun.sleep(100);
		expect(own).toEqual([]);
		expect(leaked).toEqual([]);
	});

	it('ending tells the room, takes everyone out of it, and refuses to join again', async () => {
		const { student, teacher, sessionId } = await live();
		const [host, guest] = [await socketOf(student), await socketOf(teacher)];
		await join(host, sessionId);
		await join(guest, sessionId);
		const ended = next(guest, 'review:ended');
		expect((await app.fetch(`/api/review-sessions/${sessionId}/end`, { method: 'POST', headers: student.auth })).status).toBe(200);
		expect((await ended).session.status).toBe('ended');
		await Bun.sleep(100);
		expect(await change(guest, sessionId, 0, { type: 'play', position: 0 })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
		expect(await join(guest, sessionId)).toMatchObject({ ok: false, error: { code: 'session_ended' } });
	});
});

describe.skipIf(!services)('across nodes', () => {
	it('shows a drop on one node as reconnecting to the room on both, and here again when they come back through the other', async () => {
		const second = await startTestApp({ worker: 'off', databaseUrl: app.ctx.config.databaseUrl, keyPrefix: app.ctx.config.keyPrefix, rateLimits: { registrationsPerIp: 1000 } });
		try {
			const { student, teacher, sessionId } = await live();
			const host = await socketOf(student, app.url);
			await join(host, sessionId);
			const guest = await socketOf(teacher, second.url);
			await join(guest, sessionId);
			const dropped = next(host, 'review:presence', (p) => p.reconnecting.length === 1);
			guest.io.engine.close();
			expect((await dropped).reconnecting.map((r) => r.userId)).toEqual([teacher.user.id]);
			// The first node, which never held the guest's socket, says the same.
			const late = await join(await socketOf(student, app.url), sessionId);
			expect(late.ok && (late.data as { reconnecting: { userId: number }[] }).reconnecting.map((r) => r.userId)).toEqual([teacher.user.id]);
			const back = next(host, 'review:presence', (p) => p.participants.some((x) => x.user.id === teacher.user.id));
			await join(await socketOf(teacher, app.url), sessionId);
			expect((await back).reconnecting).toEqual([]);
		} finally {
			await second.stop();
		}
	});

	it('keeps two participants on two nodes in step, and a node that goes loses nothing', async () => {
		const second = await startTestApp({ worker: 'off', databaseUrl: app.ctx.config.databaseUrl, keyPrefix: app.ctx.config.keyPrefix, rateLimits: { registrationsPerIp: 1000 } });
		try {
			const { student, teacher, sessionId } = await live();
			const host = await socketOf(student, app.url);
			const guest = await socketOf(teacher, second.url);
			await join(host, sessionId);
			const presence = next(host, 'review:presence', (p) => p.participants.length === 2);
			await join(guest, sessionId);
			await presence;

			const heard = next(guest, 'review:state');
			await change(host, sessionId, 0, { type: 'play', position: 5 });
			expect((await heard).state).toMatchObject({ version: 1, playing: true });
			expect(stateOf(await change(guest, sessionId, 1, { type: 'rate', rate: 0.75 }))).toMatchObject({ version: 2 });

			// The guest's node goes away (its connections cut, its Redis keys left as a dead node
			// leaves them); they come back through the other one, state intact.
			const dropped = new Promise((resolve) => guest.once('disconnect', resolve));
			second.server.stop(true);
			await dropped;
			const back = await socketOf(teacher, app.url);
			const rejoined = await join(back, sessionId);
			expect(rejoined).toMatchObject({ ok: true });
			expect(rejoined.ok && (rejoined.data as { session: ReviewSession }).session.playback).toMatchObject({ version: 2, rate: 0.75, playing: true });
		} finally {
			await second.stop();
		}
	});
});
