import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { ProgressRecord } from '../../src/lib/server/progress/progress.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { connect, jsonRequest, removeAs, type Auth } from '../helpers/relationships';
import { signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let teacher: SignedInUser;
let secondTeacher: SignedInUser;
let stranger: SignedInUser;

// Starting the app and signing up (argon2 hashes) can take a while on a loaded machine.
beforeAll(async () => {
	// Many sign-ups from one address: above the default per-address limit.
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
	teacher = await signUpVerified(app, { role: 'teacher' });
	secondTeacher = await signUpVerified(app, { role: 'teacher' });
	stranger = await signUpVerified(app, { role: 'teacher' });
}, 60_000);
afterAll(() => app.stop());

const scores = { rating: 4, techniqueScore: 70, musicalityScore: 80, rhythmScore: 65, overallScore: 72 };
const record = (auth: Auth, body: Record<string, unknown>) => jsonRequest(app, 'POST', '/api/progress', auth, body);
const list = (auth: Auth, studentId?: number) => jsonRequest(app, 'GET', `/api/progress${studentId ? `?studentId=${studentId}` : ''}`, auth);
const recordsOf = async (response: Response) => ((await response.json()) as { records: ProgressRecord[] }).records;
const put = (auth: Auth, id: number, body: unknown) => jsonRequest(app, 'PUT', `/api/progress/${id}`, auth, body);
const del = (auth: Auth, id: number) => jsonRequest(app, 'DELETE', `/api/progress/${id}`, auth);

/** A student with an active teacher and a video of theirs shared with that teacher. */
async function studentOf(...teachers: SignedInUser[]) {
	const student = await signUpVerified(app);
	const relationships = [];
	for (const t of teachers) relationships.push(await connect(app, student, t));
	const videoId = await insertVideo(app.ctx.db, student.user.id, { sharedWith: teachers.map((t) => t.user.id) });
	return { student, videoId, relationships };
}

describe('recording progress', () => {
	it('an active teacher records: 201, the student is notified, and both read it', async () => {
		const { student, videoId } = await studentOf(teacher);
		const response = await record(teacher.auth, { studentId: student.user.id, videoId, ...scores, notes: 'Steadier left hand.' });
		expect(response.status).toBe(201);
		const { record: created } = (await response.json()) as { record: ProgressRecord };
		expect(created).toMatchObject({ studentId: student.user.id, ...scores, notes: 'Steadier left hand.', canEdit: true, video: { id: videoId, title: 'Etude' } });
		expect(created.teacher.id).toBe(teacher.user.id);
		const notification = await app.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', student.user.id).where('type', '=', 'progress_recorded').executeTakeFirst();
		expect(notification).toMatchObject({ related_id: created.id, is_read: false });

		const mine = await list(student.auth);
		expect(mine.status).toBe(200);
		expect((await recordsOf(mine)).map((r) => [r.id, r.canEdit])).toEqual([[created.id, false]]);
		expect((await recordsOf(await list(teacher.auth, student.user.id))).map((r) => r.id)).toEqual([created.id]);
	});

	it('refuses: the student themselves 403, a stranger 404, anonymous 401, a video not theirs or not watchable 400, bad scores 400', async () => {
		const { student, videoId } = await studentOf(teacher);
		const body = { studentId: student.user.id, videoId, ...scores };
		expect((await record(student.auth, body)).status).toBe(403);
		expect((await record(stranger.auth, body)).status).toBe(404);
		expect((await record({}, body)).status).toBe(401);
		const othersVideo = await insertVideo(app.ctx.db, stranger.user.id, { sharedWith: [teacher.user.id] });
		const notTheirs = await record(teacher.auth, { ...body, videoId: othersVideo });
		expect(notTheirs.status).toBe(400);
		expect(await errorOf(notTheirs)).toMatchObject({ field: 'videoId' });
		const privateVideo = await insertVideo(app.ctx.db, student.user.id);
		expect(await errorOf(await record(teacher.auth, { ...body, videoId: privateVideo }))).toMatchObject({ field: 'videoId' });
		for (const [field, value] of [['rating', 6], ['overallScore', 0], ['techniqueScore', 101], ['rhythmScore', 2.5], ['musicalityScore', '80']] as const) {
			const bad = await record(teacher.auth, { ...body, [field]: value });
			expect(bad.status).toBe(400);
			expect(await errorOf(bad)).toMatchObject({ field });
		}
		const missing = await record(teacher.auth, { studentId: student.user.id, videoId, rating: 3 });
		expect(missing.status).toBe(400);
	});

	it('reading: the student and their active teachers; a stranger 404, anonymous 401', async () => {
		const { student, videoId } = await studentOf(teacher, secondTeacher);
		await record(teacher.auth, { studentId: student.user.id, videoId, ...scores });
		const seen = await recordsOf(await list(secondTeacher.auth, student.user.id));
		expect(seen).toHaveLength(1);
		expect(seen[0]!.canEdit).toBe(false);
		expect((await list(stranger.auth, student.user.id)).status).toBe(404);
		expect((await list({}, student.user.id)).status).toBe(401);
		expect((await list(stranger.auth, 2_000_000_000)).status).toBe(404);
		expect((await jsonRequest(app, 'GET', '/api/progress?studentId=abc', teacher.auth)).status).toBe(400);
	});

	it('a teacher who may not watch the video reads the record without its title', async () => {
		const { student, videoId } = await studentOf(teacher);
		await connect(app, student, secondTeacher);
		await record(teacher.auth, { studentId: student.user.id, videoId, ...scores });
		const [seen] = await recordsOf(await list(secondTeacher.auth, student.user.id));
		expect(seen!.video).toBeNull();
	});
});

describe('changing and deleting a record', () => {
	it('PUT and DELETE: the author only; another teacher or the student 403, a stranger 404, anonymous 401', async () => {
		const { student, videoId } = await studentOf(teacher, secondTeacher);
		const { record: created } = (await (await record(teacher.auth, { studentId: student.user.id, videoId, ...scores })).json()) as { record: ProgressRecord };
		const updated = await put(teacher.auth, created.id, { overallScore: 90, notes: '' });
		expect(updated.status).toBe(200);
		expect(((await updated.json()) as { record: ProgressRecord }).record).toMatchObject({ overallScore: 90, notes: null, rating: 4 });
		for (const [auth, status] of [[secondTeacher.auth, 403], [student.auth, 403], [stranger.auth, 404], [{}, 401]] as const) {
			expect((await put(auth, created.id, { overallScore: 1 })).status).toBe(status);
			expect((await del(auth, created.id)).status).toBe(status);
		}
		expect((await put(teacher.auth, created.id, { overallScore: 101 })).status).toBe(400);
		expect((await put(teacher.auth, created.id, { studentId: 1 })).status).toBe(400);
		expect((await del(teacher.auth, created.id)).status).toBe(204);
		expect((await del(teacher.auth, created.id)).status).toBe(404);
		expect(await recordsOf(await list(student.auth))).toEqual([]);
	});

	it('a removed relationship ends the teacher\'s right to read, record, change and delete', async () => {
		const { student, videoId, relationships } = await studentOf(teacher);
		const { record: created } = (await (await record(teacher.auth, { studentId: student.user.id, videoId, ...scores })).json()) as { record: ProgressRecord };
		expect((await removeAs(app, student.auth, relationships[0]!.id)).status).toBe(200);
		expect((await list(teacher.auth, student.user.id)).status).toBe(404);
		expect((await record(teacher.auth, { studentId: student.user.id, videoId, ...scores })).status).toBe(404);
		expect((await put(teacher.auth, created.id, { overallScore: 10 })).status).toBe(404);
		expect((await del(teacher.auth, created.id)).status).toBe(404);
		expect((await jsonRequest(app, 'GET', `/api/progress/${created.id}`, teacher.auth)).status).toBe(404);
		// The student still has their history.
		expect((await recordsOf(await list(student.auth))).map((r) => r.id)).toEqual([created.id]);
	});
});
