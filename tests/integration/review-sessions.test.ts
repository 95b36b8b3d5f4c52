import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { NotificationPayload } from '../../src/lib/realtime/notifications';
import type { ReviewSession } from '../../src/lib/server/review/review-session.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { connected, dial, type ClientSocket } from '../helpers/sockets';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Live co-review sessions over HTTP: who may start, read and end one, what an invitation sends.

let app: TestApp;
const open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

const json = (user: SignedInUser | undefined, method: string, path: string, body?: unknown) =>
	app.fetch(path, {
		method,
		headers: { ...(user?.auth ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
const start = (user: SignedInUser | undefined, videoId: number, body: unknown) => json(user, 'POST', `/api/videos/${videoId}/review-sessions`, body);
const sessionOf = async (response: Response) => ((await response.json()) as { session: ReviewSession }).session;

/** A student's video shared with their teacher; a stranger who can see nothing of it. */
async function lesson() {
	const [student, teacher, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
	const videoId = await insertVideo(app.ctx.db, student.user.id, { sharedWith: [teacher.user.id] });
	return { student, teacher, stranger, videoId };
}

describe('starting a session', () => {
	it('makes the caller host, invites the people named, and tells each of them live', async () => {
		const { student, teacher, videoId } = await lesson();
		const socket = await connected(dial(app.url, open, { token: teacher.token }));
		const invited = new Promise<ReviewSession>((resolve) => socket.once('review:invited', ({ session }) => resolve(session)));
		const bell = new Promise<NotificationPayload>((resolve) => socket.once('notification:new', resolve));

		const response = await start(student, videoId, { inviteeIds: [teacher.user.id, teacher.user.id] });
		expect(response.status).toBe(201);
		const session = await sessionOf(response);
		expect(session).toMatchObject({ videoId, status: 'active', host: { id: student.user.id }, url: `/review/${session.id}`, endedAt: null });
		expect(session.invitees.map((p) => p.id)).toEqual([teacher.user.id]);
		expect(session.playback).toMatchObject({ playing: false, position: 0, rate: 1, loop: null, version: 0 });

		expect((await invited).id).toBe(session.id);
		expect(await bell).toMatchObject({ type: 'review_invited', relatedId: session.id, read: false });
	});

	it('is open to anyone who may view the video, who may invite its owner', async () => {
		const { student, teacher, videoId } = await lesson();
		const response = await start(teacher, videoId, { inviteeIds: [student.user.id] });
		expect(response.status).toBe(201);
		expect((await sessionOf(response)).host.id).toBe(teacher.user.id);
	});

	it('refuses strangers (404) and anonymous callers (401)', async () => {
		const { student, stranger, videoId } = await lesson();
		expect((await start(stranger, videoId, { inviteeIds: [student.user.id] })).status).toBe(404);
		expect((await start(undefined, videoId, { inviteeIds: [student.user.id] })).status).toBe(401);
	});

	it('names the field of every bad invitation', async () => {
		const { student, teacher, stranger, videoId } = await lesson();
		const cases: [unknown, string][] = [
			[{ inviteeIds: [stranger.user.id] }, 'inviteeIds.0'],
			[{ inviteeIds: [teacher.user.id, student.user.id] }, 'inviteeIds.1'],
			[{ inviteeIds: [2_000_000_000] }, 'inviteeIds.0'],
			[{ inviteeIds: [] }, 'inviteeIds'],
			[{ inviteeIds: 'everyone' }, 'inviteeIds'],
			[{ inviteeIds: [1.5] }, 'inviteeIds.0'],
			[{ inviteeIds: Array.from({ length: 9 }, (_, i) => i + 1) }, 'inviteeIds'],
			[{ inviteeIds: [teacher.user.id], extra: true }, 'extra']
		];
		for (const [body, field] of cases) {
			const response = await start(student, videoId, body);
			expect(response.status, JSON.stringify(body)).toBe(400);
			expect((await errorOf(response)).field, JSON.stringify(body)).toBe(field);
		}
		expect((await start(student, videoId, '{"inviteeIds": [')).status).toBe(400);
		// Nothing was started by any of them.
		const live = await json(student, 'GET', `/api/videos/${videoId}/review-sessions`);
		expect(((await live.json()) as { sessions: ReviewSession[] }).sessions).toEqual([]);
	});

	it('keeps one live session per host and video, even when the starts arrive at once', async () => {
		const { student, teacher, videoId } = await lesson();
		const responses = await Promise.all(Array.from({ length: 6 }, () => start(student, videoId, { inviteeIds: [teacher.user.id] })));
		const statuses = responses.map((r) => r.status).sort();
		expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
		const refused = responses.find((r) => r.status === 409);
		expect((await errorOf(refused as Response)).code).toBe('session_active');
	});
});

describe('reading a session', () => {
	it('is for the host and the invitees, and ends for an invitee who can no longer view the video', async () => {
		const { student, teacher, stranger, videoId } = await lesson();
		const session = await sessionOf(await start(student, videoId, { inviteeIds: [teacher.user.id] }));
		const path = `/api/review-sessions/${session.id}`;
		expect((await json(student, 'GET', path)).status).toBe(200);
		expect((await json(teacher, 'GET', path)).status).toBe(200);
		expect((await json(stranger, 'GET', path)).status).toBe(404);
		expect((await json(undefined, 'GET', path)).status).toBe(401);
		expect((await json(student, 'GET', '/api/review-sessions/2147483648')).status).toBe(404);

		expect((await json(student, 'DELETE', `/api/videos/${videoId}/share/${teacher.user.id}`)).status).toBe(204);
		expect((await json(teacher, 'GET', path)).status).toBe(404);
	});

	it('lists a video’s live sessions to the people in them only', async () => {
		const { student, teacher, stranger, videoId } = await lesson();
		const other = await signUpVerified(app);
		await json(student, 'POST', `/api/videos/${videoId}/share`, { userId: other.user.id });
		const session = await sessionOf(await start(student, videoId, { inviteeIds: [teacher.user.id] }));
		const list = async (user: SignedInUser) =>
			((await (await json(user, 'GET', `/api/videos/${videoId}/review-sessions`)).json()) as { sessions: ReviewSession[] }).sessions.map((s) => s.id);
		expect(await list(student)).toEqual([session.id]);
		expect(await list(teacher)).toEqual([session.id]);
		// Shared with, but not invited: no banner.
		expect(await list(other)).toEqual([]);
		expect((await json(stranger, 'GET', `/api/videos/${videoId}/review-sessions`)).status).toBe(404);
	});
});

describe('my invitations', () => {
	it('lists the live sessions the caller is invited to and may still join, not those they host or that ended', async () => {
		const { student, teacher, stranger, videoId } = await lesson();
		const session = await sessionOf(await start(student, videoId, { inviteeIds: [teacher.user.id] }));
		const mine = async (user: SignedInUser) => ((await (await json(user, 'GET', '/api/review-sessions')).json()) as { sessions: ReviewSession[] }).sessions.map((s) => s.id);
		expect(await mine(teacher)).toEqual([session.id]);
		expect(await mine(student)).toEqual([]);
		expect(await mine(stranger)).toEqual([]);
		expect((await json(undefined, 'GET', '/api/review-sessions')).status).toBe(401);
		await json(student, 'DELETE', `/api/videos/${videoId}/share/${teacher.user.id}`);
		expect(await mine(teacher)).toEqual([]);
		await json(student, 'POST', `/api/videos/${videoId}/share`, { userId: teacher.user.id });
		expect(await mine(teacher)).toEqual([session.id]);
		await json(student, 'POST', `/api/review-sessions/${session.id}/end`);
		expect(await mine(teacher)).toEqual([]);
	});
});

describe('ending a session', () => {
	it('is the host’s alone, keeps the record, and frees the host to start another', async () => {
		const { student, teacher, stranger, videoId } = await lesson();
		const session = await sessionOf(await start(student, videoId, { inviteeIds: [teacher.user.id] }));
		const end = (user: SignedInUser | undefined) => json(user, 'POST', `/api/review-sessions/${session.id}/end`);
		expect((await end(teacher)).status).toBe(403);
		expect((await end(stranger)).status).toBe(404);
		expect((await end(undefined)).status).toBe(401);

		const ended = await end(student);
		expect(ended.status).toBe(200);
		const record = await sessionOf(ended);
		expect(record).toMatchObject({ status: 'ended', playback: null });
		expect(record.endedAt).not.toBeNull();
		expect(await app.ctx.reviewStates.get(session.id)).toBeNull();
		expect((await end(student)).status).toBe(403);
		// The record stays readable to the people in it.
		expect(await sessionOf(await json(teacher, 'GET', `/api/review-sessions/${session.id}`))).toMatchObject({ status: 'ended' });

		expect((await start(student, videoId, { inviteeIds: [teacher.user.id] })).status).toBe(201);
	});

	it('ends once when the host ends it twice at the same moment', async () => {
		const { student, teacher, videoId } = await lesson();
		const session = await sessionOf(await start(student, videoId, { inviteeIds: [teacher.user.id] }));
		const responses = await Promise.all([1, 2, 3].map(() => json(student, 'POST', `/api/review-sessions/${session.id}/end`)));
		expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
		expect(responses.every((r) => r.status === 200 || r.status === 409 || r.status === 403)).toBe(true);
	});
});
