import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { NotificationPayload } from '../../src/lib/realtime/notifications';
import type { Relationship, Student } from '../../src/lib/server/relationships/relationship.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { answerAs, connect, jsonRequest, removeAs, requestAs, type Auth } from '../helpers/relationships';
import { connected, dial, type ClientSocket } from '../helpers/sockets';
import { register, signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let teacher: SignedInUser;
let otherTeacher: SignedInUser;

// Starting the app and signing up (argon2 hashes) can take a while on a loaded machine.
beforeAll(async () => {
	// Many sign-ups from one address: above the default per-address limit.
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
	teacher = await signUpVerified(app, { role: 'teacher', fullName: 'Clara Teacher' });
	otherTeacher = await signUpVerified(app, { role: 'teacher' });
}, 60_000);
afterAll(() => app.stop());

const student = () => signUpVerified(app, { role: 'student' });
const relationshipOf = async (response: Response) => ((await response.json()) as { relationship: Relationship }).relationship;
const listAs = async (auth: Auth, query = '') => {
	const response = await jsonRequest(app, 'GET', `/api/relationships${query}`, auth);
	expect(response.status).toBe(200);
	return (await response.json()) as { relationships: Relationship[]; nextCursor: string | null };
};
const notificationsOf = (userId: number, relatedId: number) =>
	app.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('related_id', '=', relatedId).orderBy('id').execute();

describe('asking for a relationship', () => {
	it('a student asks a teacher: 201 pending, seen by both sides, and the teacher is notified', async () => {
		const pupil = await student();
		const response = await requestAs(app, pupil.auth, { teacherId: teacher.user.id });
		expect(response.status).toBe(201);
		const relationship = await relationshipOf(response);
		expect(relationship).toMatchObject({
			status: 'pending',
			studentId: pupil.user.id,
			teacherId: teacher.user.id,
			myRole: 'student',
			requestedByMe: true,
			awaitingMyAnswer: false,
			person: { id: teacher.user.id, fullName: 'Clara Teacher', role: 'teacher' }
		});
		const [notification] = await notificationsOf(teacher.user.id, relationship.id);
		expect(notification).toMatchObject({ type: 'relationship_requested', is_read: false });
		expect(notification!.title).toContain(pupil.user.fullName);
		const theirs = (await listAs(teacher.auth, '?status=pending')).relationships.find((r) => r.id === relationship.id);
		expect(theirs).toMatchObject({ myRole: 'teacher', requestedByMe: false, awaitingMyAnswer: true, person: { id: pupil.user.id } });
	});

	it('a teacher invites a student with {studentId}; a student cannot invite (403)', async () => {
		const pupil = await student();
		const invited = await requestAs(app, teacher.auth, { studentId: pupil.user.id });
		expect(invited.status).toBe(201);
		const relationship = await relationshipOf(invited);
		expect(relationship).toMatchObject({ myRole: 'teacher', studentId: pupil.user.id, requestedByMe: true });
		expect((await notificationsOf(pupil.user.id, relationship.id))[0]).toMatchObject({ type: 'relationship_requested' });
		const other = await student();
		expect((await requestAs(app, other.auth, { studentId: pupil.user.id })).status).toBe(403);
	});

	it('refuses self (400), a non-teacher (400 teacherId), unknown or unverified people (404), bad bodies (400), anonymous (401)', async () => {
		const pupil = await student();
		const self = await requestAs(app, teacher.auth, { teacherId: teacher.user.id });
		expect(self.status).toBe(400);
		expect(await errorOf(self)).toMatchObject({ field: 'teacherId' });
		expect((await requestAs(app, teacher.auth, { studentId: teacher.user.id })).status).toBe(400);
		const classmate = await student();
		const notTeacher = await requestAs(app, pupil.auth, { teacherId: classmate.user.id });
		expect(notTeacher.status).toBe(400);
		expect(await errorOf(notTeacher)).toMatchObject({ code: 'invalid_input', field: 'teacherId' });
		expect((await requestAs(app, pupil.auth, { teacherId: 2_000_000_000 })).status).toBe(404);
		const unverified = await register(app, { role: 'teacher' });
		expect((await requestAs(app, pupil.auth, { teacherId: unverified.user.id })).status).toBe(404);
		for (const body of [{}, { teacherId: 'x' }, { teacherId: 1, studentId: 2 }, { teacherId: 1.5 }]) {
			expect((await requestAs(app, pupil.auth, body)).status).toBe(400);
		}
		expect((await requestAs(app, {}, { teacherId: teacher.user.id })).status).toBe(401);
	});

	it('a duplicate pending or active request is a 409, from either side', async () => {
		const pupil = await student();
		const first = await relationshipOf(await requestAs(app, pupil.auth, { teacherId: teacher.user.id }));
		const again = await requestAs(app, pupil.auth, { teacherId: teacher.user.id });
		expect(again.status).toBe(409);
		expect(await errorOf(again)).toMatchObject({ code: 'relationship_exists', field: 'teacherId' });
		expect((await requestAs(app, teacher.auth, { studentId: pupil.user.id })).status).toBe(409);
		expect((await answerAs(app, teacher.auth, first.id, 'accept')).status).toBe(200);
		expect((await requestAs(app, pupil.auth, { teacherId: teacher.user.id })).status).toBe(409);
	});

	it('a parallel burst of the same request gets exactly one 201, the rest 409, and one notification', async () => {
		const pupil = await student();
		const statuses = await Promise.all(Array.from({ length: 8 }, () => requestAs(app, pupil.auth, { teacherId: teacher.user.id }).then((r) => r.status)));
		expect(statuses.filter((s) => s === 201)).toHaveLength(1);
		expect(statuses.filter((s) => s === 409)).toHaveLength(7);
		const rows = await app.ctx.db.selectFrom('student_teacher_relationships').selectAll().where('student_id', '=', pupil.user.id).execute();
		expect(rows).toHaveLength(1);
		expect(await notificationsOf(teacher.user.id, rows[0]!.id)).toHaveLength(1);
	});
});

describe('live notifications', () => {
	it('the asked side hears notification:new after the commit, and the asker hears the acceptance', async () => {
		const open: ClientSocket[] = [];
		try {
			const pupil = await student();
			const heard = (socket: ClientSocket) =>
				new Promise<NotificationPayload>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error('no notification:new within 5 s')), 5000);
					socket.once('notification:new', (payload) => {
						clearTimeout(timer);
						resolve(payload);
					});
				});
			const teacherSocket = await connected(dial(app.url, open, { token: teacher.token }));
			const pupilSocket = await connected(dial(app.url, open, { token: pupil.token }));
			const requested = heard(teacherSocket);
			const asked = await relationshipOf(await requestAs(app, pupil.auth, { teacherId: teacher.user.id }));
			expect(await requested).toMatchObject({ type: 'relationship_requested', relatedId: asked.id, read: false });
			const accepted = heard(pupilSocket);
			await answerAs(app, teacher.auth, asked.id, 'accept');
			expect(await accepted).toMatchObject({ type: 'relationship_accepted', relatedId: asked.id });
		} finally {
			for (const socket of open) socket.disconnect();
		}
	});
});

describe('answering and ending', () => {
	it('the teacher accepts: active, the student is notified; the student cannot accept their own request (403)', async () => {
		const pupil = await student();
		const asked = await relationshipOf(await requestAs(app, pupil.auth, { teacherId: teacher.user.id }));
		const own = await answerAs(app, pupil.auth, asked.id, 'accept');
		expect(own.status).toBe(403);
		expect((await answerAs(app, pupil.auth, asked.id, 'decline')).status).toBe(403);
		const accepted = await answerAs(app, teacher.auth, asked.id, 'accept');
		expect(accepted.status).toBe(200);
		expect(await relationshipOf(accepted)).toMatchObject({ status: 'active', myRole: 'teacher', person: { id: pupil.user.id } });
		const notes = await notificationsOf(pupil.user.id, asked.id);
		expect(notes.map((n) => n.type)).toEqual(['relationship_accepted']);
		// Already answered: no longer pending.
		expect((await answerAs(app, teacher.auth, asked.id, 'accept')).status).toBe(409);
		expect((await answerAs(app, teacher.auth, asked.id, 'decline')).status).toBe(409);
	});

	it('accept, decline and remove: a third user 404, anonymous 401, an unknown id 404', async () => {
		const pupil = await student();
		const asked = await relationshipOf(await requestAs(app, pupil.auth, { teacherId: teacher.user.id }));
		for (const answer of ['accept', 'decline'] as const) {
			expect((await answerAs(app, otherTeacher.auth, asked.id, answer)).status).toBe(404);
			expect((await answerAs(app, {}, asked.id, answer)).status).toBe(401);
			expect((await answerAs(app, teacher.auth, 2_000_000_000, answer)).status).toBe(404);
		}
		expect((await removeAs(app, otherTeacher.auth, asked.id)).status).toBe(404);
		expect((await removeAs(app, {}, asked.id)).status).toBe(401);
		expect((await listAs(otherTeacher.auth)).relationships.some((r) => r.id === asked.id)).toBe(false);
		expect((await jsonRequest(app, 'GET', '/api/relationships', {})).status).toBe(401);
	});

	it('a declined pair can ask again, and so can a removed one, from either side', async () => {
		const pupil = await student();
		const asked = await relationshipOf(await requestAs(app, pupil.auth, { teacherId: teacher.user.id }));
		const declined = await answerAs(app, teacher.auth, asked.id, 'decline');
		expect(declined.status).toBe(200);
		expect((await relationshipOf(declined)).status).toBe('declined');
		expect((await notificationsOf(pupil.user.id, asked.id))).toHaveLength(0);

		// The teacher now invites: the same pair's row, pending again, asked by the teacher.
		const invited = await requestAs(app, teacher.auth, { studentId: pupil.user.id });
		expect(invited.status).toBe(201);
		expect(await relationshipOf(invited)).toMatchObject({ id: asked.id, status: 'pending', requestedByMe: true });
		expect((await answerAs(app, teacher.auth, asked.id, 'accept')).status).toBe(403);
		expect((await answerAs(app, pupil.auth, asked.id, 'accept')).status).toBe(200);

		const removed = await removeAs(app, pupil.auth, asked.id);
		expect(removed.status).toBe(200);
		expect((await relationshipOf(removed)).status).toBe('removed');
		expect((await removeAs(app, teacher.auth, asked.id)).status).toBe(409);
		expect((await listAs(pupil.auth, '?status=removed')).relationships.map((r) => r.id)).toContain(asked.id);

		const askedAgain = await requestAs(app, pupil.auth, { teacherId: teacher.user.id });
		expect(askedAgain.status).toBe(201);
		expect((await relationshipOf(askedAgain)).status).toBe('pending');
		// The first request, the student's acceptance of the invitation, and the request again.
		expect((await notificationsOf(teacher.user.id, asked.id)).map((n) => n.type)).toEqual([
			'relationship_requested',
			'relationship_accepted',
			'relationship_requested'
		]);
	});

	it('either side removes an active relationship; the asker can withdraw a pending one', async () => {
		const pupil = await student();
		const active = await connect(app, pupil, teacher);
		expect((await removeAs(app, teacher.auth, active.id)).status).toBe(200);
		const other = await student();
		const pending = await relationshipOf(await requestAs(app, other.auth, { teacherId: teacher.user.id }));
		expect((await removeAs(app, other.auth, pending.id)).status).toBe(200);
		expect((await answerAs(app, teacher.auth, pending.id, 'accept')).status).toBe(409);
	});
});

describe('listing', () => {
	it('GET /api/relationships filters by status, pages with a cursor, and refuses an unknown status', async () => {
		const pupil = await student();
		await connect(app, pupil, teacher);
		await requestAs(app, pupil.auth, { teacherId: otherTeacher.user.id });
		expect((await listAs(pupil.auth, '?status=active')).relationships.map((r) => r.person.id)).toEqual([teacher.user.id]);
		expect((await listAs(pupil.auth, '?status=pending')).relationships.map((r) => r.person.id)).toEqual([otherTeacher.user.id]);
		const first = await listAs(pupil.auth, '?limit=1');
		expect(first.relationships).toHaveLength(1);
		expect(first.nextCursor).not.toBeNull();
		const second = await listAs(pupil.auth, `?limit=1&cursor=${first.nextCursor}`);
		expect(second.relationships.map((r) => r.id)).not.toContain(first.relationships[0]!.id);
		const bad = await jsonRequest(app, 'GET', '/api/relationships?status=friends', pupil.auth);
		expect(bad.status).toBe(400);
		expect(await errorOf(bad)).toMatchObject({ field: 'status' });
	});

	it('GET /api/users/students: the teacher\'s active students only, searchable; a student 403, anonymous 401', async () => {
		const searchTeacher = await signUpVerified(app, { role: 'teacher' });
		const ana = await signUpVerified(app, { fullName: 'Ana Lindqvist' });
		const ben = await signUpVerified(app, { fullName: 'Ben Okafor' });
		const pendingOne = await signUpVerified(app, { fullName: 'Pending Pat' });
		await connect(app, ana, searchTeacher);
		await connect(app, ben, searchTeacher);
		await requestAs(app, pendingOne.auth, { teacherId: searchTeacher.user.id });
		const list = async (query: string) => {
			const response = await jsonRequest(app, 'GET', `/api/users/students${query}`, searchTeacher.auth);
			expect(response.status).toBe(200);
			return (await response.json()) as { students: Student[]; nextCursor: string | null };
		};
		expect((await list('')).students.map((s) => s.fullName)).toEqual(['Ana Lindqvist', 'Ben Okafor']);
		expect((await list('?q=okaf')).students.map((s) => s.id)).toEqual([ben.user.id]);
		const paged = await list('?limit=1');
		expect((await list(`?limit=1&cursor=${paged.nextCursor}`)).students.map((s) => s.id)).toEqual([ben.user.id]);
		expect((await jsonRequest(app, 'GET', '/api/users/students?cursor=nope', searchTeacher.auth)).status).toBe(400);
		expect((await jsonRequest(app, 'GET', '/api/users/students', ana.auth)).status).toBe(403);
		expect((await jsonRequest(app, 'GET', '/api/users/students', {})).status).toBe(401);
	});
});
