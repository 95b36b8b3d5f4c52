import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { ReviewSession, ReviewSessionRecord } from '../../src/lib/server/review/review-session.dto';
import type { PersonSummary } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, setDuration } from '../helpers/comments';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { command, connected, dial, nextEvent, type ClientSocket } from '../helpers/sockets';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// What an ended co-review leaves on its video: who took part, how long, how many comments were
// made during it; who sees that record; whom a session can be started with; and the video
// page's live "Join" banner hearing that a session ended.

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
const open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000, commentsPerBurst: 1000, commentsPerMinute: 1000 } });
	api = commentsApi(app);
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

const json = (user: SignedInUser | undefined, method: string, path: string, body?: unknown) =>
	app.fetch(path, {
		method,
		headers: { ...(user?.auth ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
const socketOf = (user: SignedInUser) => connected(dial(app.url, open, { token: user.token }));
const ids = (people: PersonSummary[]) => people.map((p) => p.id);

async function start(host: SignedInUser, videoId: number, invitees: SignedInUser[]): Promise<ReviewSession> {
	const response = await json(host, 'POST', `/api/videos/${videoId}/review-sessions`, { inviteeIds: invitees.map((p) => p.user.id) });
	expect(response.status).toBe(201);
	return ((await response.json()) as { session: ReviewSession }).session;
}
async function joinAs(user: SignedInUser, sessionId: number) {
	const socket = await socketOf(user);
	expect(await command(socket, 'review:join', { sessionId })).toMatchObject({ ok: true });
	return socket;
}
const end = (host: SignedInUser, sessionId: number) => json(host, 'POST', `/api/review-sessions/${sessionId}/end`);
async function records(user: SignedInUser | undefined, videoId: number, query = '') {
	return json(user, 'GET', `/api/videos/${videoId}/review-sessions?status=ended${query}`);
}
async function recordsOf(user: SignedInUser, videoId: number, query = ''): Promise<{ sessions: ReviewSessionRecord[]; nextCursor: string | null }> {
	const response = await records(user, videoId, query);
	if (response.status !== 200) throw new Error(`${response.status}: ${app.logs.filter((l) => l.includes('"level":50')).slice(-2).join('\n')}`);
	return response.json() as Promise<{ sessions: ReviewSessionRecord[]; nextCursor: string | null }>;
}

/** A student's video shared with a teacher and a second viewer; a stranger who sees nothing. */
async function lesson() {
	const [student, teacher, viewer, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
	const videoId = await insertVideo(app.ctx.db, student.user.id, { sharedWith: [teacher.user.id, viewer.user.id] });
	await setDuration(app, videoId, 60);
	return { student, teacher, viewer, stranger, videoId };
}

describe('the record of an ended session', () => {
	it('counts the participants (not the no-shows), the time and the comments they made during it', async () => {
		const { student, teacher, viewer, videoId } = await lesson();
		await commentOf(await api.post(teacher.auth, videoId, { content: 'Before the session', timestamp: 1 }));
		// The viewer is invited but never comes.
		const session = await start(student, videoId, [teacher, viewer]);
		await joinAs(student, session.id);
		await joinAs(teacher, session.id);
		const during = [
			await commentOf(await api.post(teacher.auth, videoId, { content: 'Bow lighter', timestamp: 3 })),
			await commentOf(await api.post(student.auth, videoId, { content: 'Like this?', timestamp: 4 }))
		];
		await commentOf(await api.reply(student.auth, during[0]!.id, { content: 'Yes' }));
		// Someone who did not take part comments meanwhile: not the session's.
		await commentOf(await api.post(viewer.auth, videoId, { content: 'Lovely', timestamp: 5 }));
		expect((await end(student, session.id)).status).toBe(200);
		await commentOf(await api.post(teacher.auth, videoId, { content: 'After the session', timestamp: 6 }));

		const { sessions } = await recordsOf(student, videoId);
		expect(sessions).toHaveLength(1);
		const [record] = sessions;
		expect(record).toMatchObject({ id: session.id, status: 'ended', commentCount: 3, playback: null });
		expect(ids(record!.participants)).toEqual([student.user.id, teacher.user.id]);
		expect(ids(record!.invitees)).toEqual([teacher.user.id, viewer.user.id]);
		expect(record!.durationSeconds).toBeGreaterThanOrEqual(0);
		expect(record!.durationSeconds).toBeLessThan(60);

		// A comment deleted since no longer counts: the record is read from the facts.
		await api.remove(student.auth, during[1]!.id);
		expect((await recordsOf(student, videoId)).sessions[0]!.commentCount).toBe(2);
	});

	it('lasts from the start to the end, in whole seconds', async () => {
		const { student, teacher, videoId } = await lesson();
		const session = await start(student, videoId, [teacher]);
		await joinAs(teacher, session.id);
		await end(student, session.id);
		const row = await app.ctx.db.selectFrom('review_sessions').select('created_at').where('id', '=', session.id).executeTakeFirstOrThrow();
		const endedAt = new Date(row.created_at.getTime() + 18 * 60_000 + 20_400);
		await app.ctx.db.updateTable('review_sessions').set({ ended_at: endedAt }).where('id', '=', session.id).execute();
		const [record] = (await recordsOf(student, videoId)).sessions;
		expect(record).toMatchObject({ durationSeconds: 18 * 60 + 20, endedAt: endedAt.toISOString() });
		expect(ids(record!.participants)).toEqual([teacher.user.id]);
	});

	it('leaves out live sessions and sessions nobody joined', async () => {
		const { student, teacher, videoId } = await lesson();
		const empty = await start(student, videoId, [teacher]);
		await end(student, empty.id);
		const live = await start(student, videoId, [teacher]);
		await joinAs(teacher, live.id);
		expect((await recordsOf(student, videoId)).sessions).toEqual([]);
		// The live one is still the banner's.
		const banner = (await (await json(teacher, 'GET', `/api/videos/${videoId}/review-sessions`)).json()) as { sessions: ReviewSession[] };
		expect(banner.sessions.map((s) => s.id)).toEqual([live.id]);
	});
});

describe('who sees the record', () => {
	it('shows the owner every session on the video, a participant theirs, and nobody else any', async () => {
		const { student, teacher, viewer, stranger, videoId } = await lesson();
		// The teacher hosts one with the viewer while the student is not there; the student hosts one with the teacher.
		const first = await start(teacher, videoId, [viewer, student]);
		await joinAs(teacher, first.id);
		await joinAs(viewer, first.id);
		await end(teacher, first.id);
		const second = await start(student, videoId, [teacher, viewer]);
		await joinAs(student, second.id);
		await joinAs(teacher, second.id);
		await end(student, second.id);

		expect((await recordsOf(student, videoId)).sessions.map((s) => s.id)).toEqual([second.id, first.id]);
		expect((await recordsOf(teacher, videoId)).sessions.map((s) => s.id)).toEqual([second.id, first.id]);
		expect((await recordsOf(viewer, videoId)).sessions.map((s) => s.id)).toEqual([first.id]);

		const outsider = await signUpVerified(app);
		await json(student, 'POST', `/api/videos/${videoId}/share`, { userId: outsider.user.id });
		expect((await recordsOf(outsider, videoId)).sessions).toEqual([]);
		expect((await records(stranger, videoId)).status).toBe(404);
		expect((await records(undefined, videoId)).status).toBe(401);

		// A participant whose access ended sees nothing of the video any more.
		await json(student, 'DELETE', `/api/videos/${videoId}/share/${viewer.user.id}`);
		expect((await records(viewer, videoId)).status).toBe(404);
	});

	it('pages by before, newest first, and names a bad query field', async () => {
		const { student, teacher, videoId } = await lesson();
		const made: number[] = [];
		for (let i = 0; i < 3; i++) {
			const session = await start(student, videoId, [teacher]);
			await joinAs(teacher, session.id);
			await end(student, session.id);
			made.unshift(session.id);
		}
		const first = await recordsOf(student, videoId, '&limit=2');
		expect(first.sessions.map((s) => s.id)).toEqual(made.slice(0, 2));
		expect(first.nextCursor).toBe(String(made[1]));
		const rest = await recordsOf(student, videoId, `&limit=2&before=${first.nextCursor}`);
		expect(rest.sessions.map((s) => s.id)).toEqual(made.slice(2));
		expect(rest.nextCursor).toBeNull();
		for (const [query, field] of [['&limit=0', 'limit'], ['&limit=51', 'limit'], ['&before=x', 'before']] as const) {
			const response = await records(student, videoId, query);
			expect(response.status).toBe(400);
			expect((await errorOf(response)).field).toBe(field);
		}
		const bad = await json(student, 'GET', `/api/videos/${videoId}/review-sessions?status=over`);
		expect(bad.status).toBe(400);
		expect((await errorOf(bad)).field).toBe('status');
	});
});

describe('people to invite', () => {
	it('lists the owner and the people the video is shared with, minus the caller, to anyone who may view it', async () => {
		const { student, teacher, viewer, stranger, videoId } = await lesson();
		const of = async (user: SignedInUser) => ((await (await json(user, 'GET', `/api/videos/${videoId}/review-sessions/invitable`)).json()) as { people: PersonSummary[] }).people;
		expect(ids(await of(student)).sort()).toEqual([teacher.user.id, viewer.user.id].sort());
		expect(ids(await of(teacher)).sort()).toEqual([student.user.id, viewer.user.id].sort());
		expect((await json(stranger, 'GET', `/api/videos/${videoId}/review-sessions/invitable`)).status).toBe(404);
		expect((await json(undefined, 'GET', `/api/videos/${videoId}/review-sessions/invitable`)).status).toBe(401);
	});

	it('leaves out deactivated accounts', async () => {
		const { student, teacher, viewer, videoId } = await lesson();
		await app.ctx.db.updateTable('users').set({ active: false }).where('id', '=', viewer.user.id).execute();
		const people = ((await (await json(student, 'GET', `/api/videos/${videoId}/review-sessions/invitable`)).json()) as { people: PersonSummary[] }).people;
		expect(ids(people)).toEqual([teacher.user.id]);
	});
});

describe('the end of a session, on the video page', () => {
	it('reaches the invitees’ sockets outside the room once, and those inside once', async () => {
		const { student, teacher, viewer, videoId } = await lesson();
		const session = await start(student, videoId, [teacher, viewer]);
		const inRoom = await joinAs(teacher, session.id);
		const onVideoPage = await socketOf(viewer);
		const heardInRoom: number[] = [];
		inRoom.on('review:ended', ({ session: s }) => heardInRoom.push(s.id));
		const ended = nextEvent(onVideoPage, 'review:ended');
		await end(student, session.id);
		expect((await ended).session).toMatchObject({ id: session.id, status: 'ended' });
		await Bun.sleep(200);
		expect(heardInRoom).toEqual([session.id]);
	});
});
