import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf, setDuration } from '../helpers/comments';
import { errorOf } from '../helpers/http';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The comment endpoints as the video's owner, a person it is shared with (who writes most of the
// comments here), a second viewer, a stranger and an anonymous caller; and every refusal of input.

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
let owner: SignedInUser;
let viewer: SignedInUser;
let otherViewer: SignedInUser;
let stranger: SignedInUser;
const anonymous = {};

beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	api = commentsApi(app);
	[owner, viewer, otherViewer, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
});
afterAll(() => app.stop());

/** A private video of the owner's, shared with both viewers, 10 s long unless told. */
async function sharedVideo(duration: number | null = 10): Promise<Video> {
	const video = await newVideo(app, owner.auth, { title: 'Etude in D' });
	for (const person of [viewer, otherViewer]) {
		await app.fetch(`/api/videos/${video.id}/share`, {
			method: 'POST',
			headers: { ...owner.auth, 'content-type': 'application/json' },
			body: JSON.stringify({ userId: person.user.id })
		});
	}
	await setDuration(app, video.id, duration);
	return video;
}

describe('POST /api/videos/{id}/comments', () => {
	it('pins a comment: 201 with the comment, its text verbatim and its time kept to the millisecond', async () => {
		const video = await sharedVideo();
		const content = '<script>alert("x")</script> & <b>bow</b> lighter';
		const response = await api.post(viewer.auth, video.id, { content: `  ${content}\n`, timestamp: 3.14159, endTimestamp: 7.0004, category: 'tone' });
		expect(response.status).toBe(201);
		const comment = await commentOf(response);
		expect(comment).toMatchObject({
			videoId: video.id,
			seq: 1,
			content,
			timestamp: 3.142,
			endTimestamp: 7,
			category: 'tone',
			parentCommentId: null,
			edited: false
		});
		expect(comment.author).toEqual({
			id: viewer.user.id,
			username: viewer.username,
			fullName: viewer.user.fullName,
			role: viewer.user.role,
			profileImageUrl: null
		});
		expect(Date.parse(comment.createdAt)).not.toBeNaN();
		const listed = await listOf(await api.list(owner.auth, video.id));
		expect(listed.comments).toEqual([comment]);
	});

	it('lets the owner and viewers comment; a stranger gets 404, an anonymous caller 401', async () => {
		const video = await sharedVideo();
		expect((await api.post(owner.auth, video.id, { content: 'Owner', timestamp: 1 })).status).toBe(201);
		expect((await api.post(otherViewer.auth, video.id, { content: 'Viewer', timestamp: 1 })).status).toBe(201);
		expect((await api.post(stranger.auth, video.id, { content: 'Stranger', timestamp: 1 })).status).toBe(404);
		expect((await api.post(anonymous, video.id, { content: 'Nobody', timestamp: 1 })).status).toBe(401);
		expect((await api.post(owner.auth, 2_000_000_000, { content: 'Gone', timestamp: 1 })).status).toBe(404);
		const open = await newVideo(app, owner.auth, { isPublic: true });
		expect((await api.post(stranger.auth, open.id, { content: 'Public', timestamp: 0 })).status).toBe(201);
	});

	it('refuses bad input with 400 naming the field', async () => {
		const video = await sharedVideo(10);
		const cases: [unknown, string][] = [
			[{ content: 'x', timestamp: '3' }, 'timestamp'],
			[{ content: 'x', timestamp: -0.5 }, 'timestamp'],
			[{ content: 'x', timestamp: 10.5 }, 'timestamp'],
			[{ content: 'x' }, 'timestamp'],
			[{ content: 'x', timestamp: null }, 'timestamp'],
			[{ content: 'x', timestamp: 4, endTimestamp: 4 }, 'endTimestamp'],
			[{ content: 'x', timestamp: 4, endTimestamp: 2 }, 'endTimestamp'],
			[{ content: 'x', timestamp: 4, endTimestamp: 10.5 }, 'endTimestamp'],
			[{ content: 'x', timestamp: 4, endTimestamp: '6' }, 'endTimestamp'],
			[{ content: '', timestamp: 1 }, 'content'],
			[{ content: ' \n\t ', timestamp: 1 }, 'content'],
			[{ content: 'x'.repeat(5001), timestamp: 1 }, 'content'],
			[{ timestamp: 1 }, 'content'],
			[{ content: { text: 'nested' }, timestamp: 1 }, 'content'],
			[{ content: ['x'], timestamp: 1 }, 'content'],
			[{ content: 'x', timestamp: 1, category: 'dynamics' }, 'category'],
			[{ content: 'x', timestamp: 1, category: 3 }, 'category'],
			[{ content: 'x', timestamp: 1, parentCommentId: 1 }, 'parentCommentId']
		];
		for (const [body, field] of cases) {
			const response = await api.post(viewer.auth, video.id, body);
			expect({ body, status: response.status }).toEqual({ body, status: 400 });
			expect({ body, error: await errorOf(response) }).toMatchObject({ body, error: { code: 'invalid_input', field } });
		}
		for (const raw of ['{"content": "x", "timestamp": ', '[]', '"text"']) {
			const response = await app.fetch(`/api/videos/${video.id}/comments`, {
				method: 'POST',
				headers: { ...viewer.auth, 'content-type': 'application/json' },
				body: raw
			});
			expect(response.status).toBe(400);
			expect((await errorOf(response)).field).toBe('body');
		}
		expect((await api.post(viewer.auth, video.id, { content: 'x'.repeat(5000), timestamp: 10, endTimestamp: null, category: null })).status).toBe(201);
		expect((await listOf(await api.list(owner.auth, video.id))).comments).toHaveLength(1);
	});

	it('accepts any time from 0 while the video’s length is not known yet', async () => {
		const video = await sharedVideo(null);
		expect((await api.post(viewer.auth, video.id, { content: 'Late', timestamp: 3600, endTimestamp: 3700 })).status).toBe(201);
		expect((await api.post(viewer.auth, video.id, { content: 'Early', timestamp: -1 })).status).toBe(400);
	});
});

describe('GET /api/videos/{id}/comments', () => {
	it('lists by time then seq, replies among them; viewers and the owner 200, stranger 404, anonymous 401', async () => {
		const video = await sharedVideo();
		const late = await commentOf(await api.post(viewer.auth, video.id, { content: 'late', timestamp: 8 }));
		const early = await commentOf(await api.post(owner.auth, video.id, { content: 'early', timestamp: 2 }));
		const tie = await commentOf(await api.post(otherViewer.auth, video.id, { content: 'also late', timestamp: 8 }));
		const reply = await commentOf(await api.reply(owner.auth, early.id, { content: 'answer' }));
		for (const who of [owner, viewer, otherViewer]) {
			const { comments, hasMore } = await listOf(await api.list(who.auth, video.id));
			expect(comments.map((c) => c.id)).toEqual([early.id, reply.id, late.id, tie.id]);
			expect(comments[1]).toMatchObject({ parentCommentId: early.id, timestamp: 2 });
			expect(hasMore).toBe(false);
		}
		expect((await api.list(stranger.auth, video.id)).status).toBe(404);
		expect((await api.list(anonymous, video.id)).status).toBe(401);
	});
});

describe('PUT /api/comments/{id}', () => {
	it('lets the author change text, time, passage and category; marks it edited', async () => {
		const video = await sharedVideo();
		const original = await commentOf(await api.post(viewer.auth, video.id, { content: 'Bow', timestamp: 1, endTimestamp: 3, category: 'technique' }));
		const edited = await commentOf(await api.put(viewer.auth, original.id, { content: 'Bow nearer the bridge', timestamp: 2.5 }));
		expect(edited).toMatchObject({ id: original.id, seq: original.seq, content: 'Bow nearer the bridge', timestamp: 2.5, endTimestamp: 3, category: 'technique', edited: true });
		expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse(edited.createdAt));
		const moment = await commentOf(await api.put(viewer.auth, original.id, { endTimestamp: null, category: null }));
		expect(moment).toMatchObject({ endTimestamp: null, category: null, content: 'Bow nearer the bridge' });
	});

	it('refuses the owner and other viewers with 403, a stranger with 404, anonymous with 401', async () => {
		const video = await sharedVideo();
		const comment = await commentOf(await api.post(viewer.auth, video.id, { content: 'Mine', timestamp: 1 }));
		expect((await api.put(owner.auth, comment.id, { content: 'Owner edit' })).status).toBe(403);
		expect((await api.put(otherViewer.auth, comment.id, { content: 'Other edit' })).status).toBe(403);
		expect((await api.put(stranger.auth, comment.id, { content: 'Stranger edit' })).status).toBe(404);
		expect((await api.put(anonymous, comment.id, { content: 'Anonymous edit' })).status).toBe(401);
		expect((await api.put(viewer.auth, 2_000_000_000, { content: 'None' })).status).toBe(404);
		expect((await listOf(await api.list(owner.auth, video.id))).comments[0]!.content).toBe('Mine');
	});

	it('validates an edit like a new comment, against what it keeps', async () => {
		const video = await sharedVideo(10);
		const comment = await commentOf(await api.post(viewer.auth, video.id, { content: 'Passage', timestamp: 3, endTimestamp: 6 }));
		const cases: [unknown, string][] = [
			[{}, 'body'],
			[{ timestamp: 'three' }, 'timestamp'],
			[{ timestamp: 11 }, 'timestamp'],
			[{ timestamp: 6 }, 'timestamp'],
			[{ endTimestamp: 2 }, 'endTimestamp'],
			[{ endTimestamp: 12 }, 'endTimestamp'],
			[{ content: '' }, 'content'],
			[{ content: 'y'.repeat(5001) }, 'content'],
			[{ category: 'loudness' }, 'category'],
			[{ videoId: 1 }, 'videoId']
		];
		for (const [body, field] of cases) {
			const response = await api.put(viewer.auth, comment.id, body);
			expect({ body, status: response.status, field: (await errorOf(response)).field }).toEqual({ body, status: 400, field });
		}
		expect((await api.put(viewer.auth, comment.id, { timestamp: 7, endTimestamp: 9 })).status).toBe(200);
	});

	it('keeps a reply at its thread’s moment, and moves the replies with their thread', async () => {
		const video = await sharedVideo();
		const thread = await commentOf(await api.post(viewer.auth, video.id, { content: 'Intonation', timestamp: 2, category: 'intonation' }));
		const reply = await commentOf(await api.reply(otherViewer.auth, thread.id, { content: 'Agreed' }));
		const moved = await api.put(otherViewer.auth, reply.id, { timestamp: 5 });
		expect(moved.status).toBe(400);
		expect((await errorOf(moved)).field).toBe('timestamp');
		expect((await api.put(otherViewer.auth, reply.id, { content: 'Agreed, flat' })).status).toBe(200);
		await api.put(viewer.auth, thread.id, { timestamp: 4, endTimestamp: 6, category: 'rhythm' });
		const listed = (await listOf(await api.list(owner.auth, video.id))).comments;
		expect(listed.map((c) => [c.id, c.timestamp, c.endTimestamp, c.category])).toEqual([
			[thread.id, 4, 6, 'rhythm'],
			[reply.id, 4, 6, 'rhythm']
		]);
	});
});

describe('DELETE /api/comments/{id}', () => {
	it('lets the author and the video’s owner delete; its replies go with it', async () => {
		const video = await sharedVideo();
		const first = await commentOf(await api.post(viewer.auth, video.id, { content: 'One', timestamp: 1 }));
		const second = await commentOf(await api.post(otherViewer.auth, video.id, { content: 'Two', timestamp: 2 }));
		await commentOf(await api.reply(owner.auth, first.id, { content: 'Reply one' }));
		await commentOf(await api.reply(otherViewer.auth, first.id, { content: 'Reply two' }));
		expect((await api.remove(otherViewer.auth, first.id)).status).toBe(403);
		expect((await api.remove(stranger.auth, first.id)).status).toBe(404);
		expect((await api.remove(anonymous, first.id)).status).toBe(401);
		expect((await api.remove(viewer.auth, first.id)).status).toBe(204);
		expect((await listOf(await api.list(owner.auth, video.id))).comments.map((c) => c.id)).toEqual([second.id]);
		expect((await api.remove(owner.auth, second.id)).status).toBe(204);
		expect((await listOf(await api.list(owner.auth, video.id))).comments).toEqual([]);
		expect((await api.remove(viewer.auth, first.id)).status).toBe(404);
	});
});

describe('POST /api/comments/{id}/replies', () => {
	it('answers at the thread’s moment; a reply to a reply joins the same thread', async () => {
		const video = await sharedVideo();
		const thread = await commentOf(await api.post(viewer.auth, video.id, { content: 'Posture', timestamp: 3.5, endTimestamp: 5, category: 'posture' }));
		const reply = await api.reply(owner.auth, thread.id, { content: ' Shoulders down ' });
		expect(reply.status).toBe(201);
		const answer = await commentOf(reply);
		expect(answer).toMatchObject({ content: 'Shoulders down', parentCommentId: thread.id, timestamp: 3.5, endTimestamp: 5, category: 'posture', seq: 2 });
		const nested = await commentOf(await api.reply(otherViewer.auth, answer.id, { content: 'Me too' }));
		expect(nested.parentCommentId).toBe(thread.id);
	});

	it('refuses a stranger (404), an anonymous caller (401), bad input (400) and a deleted comment (404)', async () => {
		const video = await sharedVideo();
		const thread = await commentOf(await api.post(viewer.auth, video.id, { content: 'Tone', timestamp: 1 }));
		expect((await api.reply(stranger.auth, thread.id, { content: 'Hi' })).status).toBe(404);
		expect((await api.reply(anonymous, thread.id, { content: 'Hi' })).status).toBe(401);
		for (const [body, field] of [[{ content: '' }, 'content'], [{ content: 'x', timestamp: 2 }, 'timestamp'], [{}, 'content']] as const) {
			const response = await api.reply(owner.auth, thread.id, body);
			expect({ status: response.status, field: (await errorOf(response)).field }).toEqual({ status: 400, field });
		}
		expect((await api.remove(viewer.auth, thread.id)).status).toBe(204);
		const late = await api.reply(owner.auth, thread.id, { content: 'Too late' });
		expect(late.status).toBe(404);
		expect((await errorOf(late)).code).toBe('not_found');
	});
});
