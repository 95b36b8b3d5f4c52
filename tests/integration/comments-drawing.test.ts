import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { Drawing } from '../../src/lib/review/drawing';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf, setDuration } from '../helpers/comments';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// A drawing saved with a comment: what the API keeps, every shape it refuses (naming the field),
// the size bounds, the round trip through the list, edits that change or remove it, and replies.

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
let owner: SignedInUser;
let teacher: SignedInUser;
let videoId: number;

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
	api = commentsApi(app);
	[owner, teacher] = [await signUpVerified(app), await signUpVerified(app)];
	videoId = await insertVideo(app.ctx.db, owner.user.id, { sharedWith: [teacher.user.id] });
	await setDuration(app, videoId, 30);
});
afterAll(() => app.stop());

const circle: Drawing = {
	strokes: [
		{ color: '#FF3B30', width: 0.006, points: [[0.1, 0.2], [0.123456, 0.25], [0.15, 0.3]] },
		{ color: '#0a84ff', width: 0.01, points: [[0.5, 0.5]] }
	]
};
const withStroke = (stroke: Record<string, unknown>) => ({ strokes: [stroke] });
const line = { color: '#ffcc00', width: 0.005, points: [[0, 0], [1, 1]] as [number, number][] };

async function refusal(response: Response) {
	expect(response.status).toBe(400);
	return errorOf(response);
}

describe('a comment with a drawing', () => {
	it('keeps the strokes, colours lower-cased and coordinates to 1/10000, and lists them', async () => {
		const posted = await commentOf(await api.post(teacher.auth, videoId, { content: 'Bow here', timestamp: 4, drawing: circle }));
		const expected: Drawing = {
			strokes: [
				{ color: '#ff3b30', width: 0.006, points: [[0.1, 0.2], [0.1235, 0.25], [0.15, 0.3]] },
				{ color: '#0a84ff', width: 0.01, points: [[0.5, 0.5]] }
			]
		};
		expect(posted.drawing).toEqual(expected);
		const listed = (await listOf(await api.list(owner.auth, videoId))).comments.find((c) => c.id === posted.id);
		expect(listed?.drawing).toEqual(expected);
		const stored = await app.ctx.db.selectFrom('comments').select('drawing').where('id', '=', posted.id).executeTakeFirstOrThrow();
		expect(stored.drawing).toEqual(expected);
	});

	it('has no drawing unless one is sent, or when null is sent', async () => {
		expect((await commentOf(await api.post(teacher.auth, videoId, { content: 'Plain', timestamp: 1 }))).drawing).toBeNull();
		expect((await commentOf(await api.post(teacher.auth, videoId, { content: 'Null', timestamp: 1, drawing: null }))).drawing).toBeNull();
	});

	it('takes a drawing at the limits: 50 strokes, 2000 points, widths 0.001 and 0.05', async () => {
		const strokes = Array.from({ length: 50 }, (_, i) => ({
			color: '#ffffff',
			width: i % 2 ? 0.001 : 0.05,
			points: Array.from({ length: 40 }, (_, j) => [0.5, j / 40] as [number, number])
		}));
		const response = await api.post(teacher.auth, videoId, { content: 'Full', timestamp: 2, drawing: { strokes } });
		expect((await commentOf(response)).drawing?.strokes).toHaveLength(50);
	});
});

describe('refusing a bad drawing', () => {
	const cases: [string, unknown, string][] = [
		['a string', 'circle', 'drawing'],
		['an array', [line], 'drawing'],
		['no strokes key', {}, 'drawing.strokes'],
		['no strokes', { strokes: [] }, 'drawing.strokes'],
		['strokes that are not a list', { strokes: { 0: line } }, 'drawing.strokes'],
		['a stroke that is not an object', { strokes: [line, line, line, 'x'] }, 'drawing.strokes.3'],
		['a stroke with no points', withStroke({ ...line, points: [] }), 'drawing.strokes.0.points'],
		['a point out of the frame', { strokes: [line, line, line, { ...line, points: [[0.5, 1.2]] }] }, 'drawing.strokes.3.points.0.1'],
		['a negative coordinate', withStroke({ ...line, points: [[-0.1, 0.5]] }), 'drawing.strokes.0.points.0.0'],
		['a point of three numbers', withStroke({ ...line, points: [[0.1, 0.2, 0.3]] }), 'drawing.strokes.0.points.0'],
		['a point of one number', withStroke({ ...line, points: [[0.1]] }), 'drawing.strokes.0.points.0'],
		['a point as an object', withStroke({ ...line, points: [{ x: 0.1, y: 0.2 }] }), 'drawing.strokes.0.points.0'],
		['a coordinate as text', withStroke({ ...line, points: [['0.1', 0.2]] }), 'drawing.strokes.0.points.0.0'],
		['a named colour', withStroke({ ...line, color: 'red' }), 'drawing.strokes.0.color'],
		['a short colour', withStroke({ ...line, color: '#f00' }), 'drawing.strokes.0.color'],
		['a CSS injection', withStroke({ ...line, color: '#ff0000;background:url(x)' }), 'drawing.strokes.0.color'],
		['a width too thin', withStroke({ ...line, width: 0.0001 }), 'drawing.strokes.0.width'],
		['a width too wide', withStroke({ ...line, width: 0.2 }), 'drawing.strokes.0.width'],
		['no width', withStroke({ color: line.color, points: line.points }), 'drawing.strokes.0.width'],
		['an unknown stroke key', withStroke({ ...line, onclick: 'alert(1)' }), 'drawing.strokes.0.onclick'],
		['an unknown drawing key', { strokes: [line], svg: '<svg/>' }, 'drawing.svg'],
		['51 strokes', { strokes: Array.from({ length: 51 }, () => line) }, 'drawing.strokes'],
		['2001 points in all', { strokes: [line, { ...line, points: Array.from({ length: 1999 }, () => [0.5, 0.5]) }] }, 'drawing.strokes'],
		['2001 points in one stroke', withStroke({ ...line, points: Array.from({ length: 2001 }, () => [0.5, 0.5]) }), 'drawing.strokes.0.points']
	];
	for (const [what, drawing, field] of cases) {
		it(`refuses ${what} on a new comment, naming ${field}`, async () => {
			const error = await refusal(await api.post(teacher.auth, videoId, { content: 'x', timestamp: 1, drawing }));
			expect(error.field).toBe(field);
			expect(error.message.length).toBeGreaterThan(0);
		});
	}

	it('refuses a drawing over 32 KB once rounded, within the point and stroke limits', async () => {
		// 2000 points of seven characters a coordinate: about 34 KB of JSON.
		const strokes = Array.from({ length: 40 }, (_, i) => ({
			color: '#34c759',
			width: 0.0123,
			points: Array.from({ length: 50 }, (_, j) => [0.1111 + j / 1000, 0.2222 + i / 1000] as [number, number])
		}));
		expect(JSON.stringify({ strokes }).length).toBeGreaterThan(32 * 1024);
		const error = await refusal(await api.post(teacher.auth, videoId, { content: 'x', timestamp: 1, drawing: { strokes } }));
		expect(error.field).toBe('drawing');
		expect(error.message).toContain('32 KB');
	});

	it('refuses a body past the JSON limit before looking at it (413)', async () => {
		const points = Array.from({ length: 2000 }, () => [0.123456789012345, 0.123456789012345]);
		const response = await api.post(teacher.auth, videoId, { content: 'x', timestamp: 1, drawing: withStroke({ ...line, points }) });
		expect(response.status).toBe(413);
	});

	it('stores nothing when it refuses', async () => {
		const before = await app.ctx.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('video_id', '=', videoId).executeTakeFirstOrThrow();
		await refusal(await api.post(teacher.auth, videoId, { content: 'x', timestamp: 1, drawing: withStroke({ ...line, color: 'red' }) }));
		const after = await app.ctx.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('video_id', '=', videoId).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});
});

describe('editing a drawing', () => {
	it('lets the author add, replace and remove it (null), and names the field of a bad one', async () => {
		const comment = await commentOf(await api.post(teacher.auth, videoId, { content: 'Edit me', timestamp: 5 }));
		const added = await commentOf(await api.put(teacher.auth, comment.id, { drawing: withStroke(line) }));
		expect(added.drawing).toEqual({ strokes: [line] });
		expect(added.edited).toBe(true);
		const kept = await commentOf(await api.put(teacher.auth, comment.id, { content: 'Text only' }));
		expect(kept.drawing).toEqual({ strokes: [line] });
		const replaced = await commentOf(await api.put(teacher.auth, comment.id, { drawing: circle }));
		expect(replaced.drawing?.strokes).toHaveLength(2);
		const bad = await refusal(await api.put(teacher.auth, comment.id, { drawing: { strokes: [line, line, line, { ...line, points: 'here' }] } }));
		expect(bad.field).toBe('drawing.strokes.3.points');
		const removed = await commentOf(await api.put(teacher.auth, comment.id, { drawing: null }));
		expect(removed.drawing).toBeNull();
		const listed = (await listOf(await api.list(teacher.auth, videoId))).comments.find((c) => c.id === comment.id);
		expect(listed?.drawing).toBeNull();
	});

	it('is the author’s alone: the video’s owner cannot change it', async () => {
		const comment = await commentOf(await api.post(teacher.auth, videoId, { content: 'Mine', timestamp: 5, drawing: circle }));
		expect((await api.put(owner.auth, comment.id, { drawing: null })).status).toBe(403);
	});
});

describe('replies', () => {
	it('cannot carry a drawing, when posted or edited, and do not inherit their thread’s', async () => {
		const thread = await commentOf(await api.post(teacher.auth, videoId, { content: 'Thread', timestamp: 6, drawing: circle }));
		const posted = await refusal(await api.reply(owner.auth, thread.id, { content: 'Reply', drawing: circle }));
		expect(posted.field).toBe('drawing');
		const reply = await commentOf(await api.reply(owner.auth, thread.id, { content: 'Reply' }));
		expect(reply.drawing).toBeNull();
		const edited = await refusal(await api.put(owner.auth, reply.id, { drawing: circle }));
		expect(edited.field).toBe('drawing');
		expect(edited.message).toContain('reply');
	});
});
