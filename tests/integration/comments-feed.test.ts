import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { insertComment } from '../../src/lib/server/comments/comments.repository';
import type { Comment } from '../../src/lib/server/comments/comment.dto';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf } from '../helpers/comments';
import { errorOf } from '../helpers/http';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Resync with ?after=, pages, the flood limit and who is notified of a comment.

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
let owner: SignedInUser;
let viewer: SignedInUser;
let otherViewer: SignedInUser;

beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	api = commentsApi(app);
	[owner, viewer, otherViewer] = [await signUpVerified(app, { fullName: 'Olga Owner' }), await signUpVerified(app, { fullName: 'Ana Viewer' }), await signUpVerified(app, { fullName: 'Ben Viewer' })];
});
afterAll(() => app.stop());

async function sharedVideo(title = 'Etude in D'): Promise<Video> {
	const video = await newVideo(app, owner.auth, { title });
	for (const person of [viewer, otherViewer]) {
		const response = await app.fetch(`/api/videos/${video.id}/share`, {
			method: 'POST',
			headers: { ...owner.auth, 'content-type': 'application/json' },
			body: JSON.stringify({ userId: person.user.id })
		});
		expect(response.status).toBe(201);
	}
	return video;
}

const ids = (comments: Comment[]) => comments.map((c) => c.id);

describe('GET ?after=', () => {
	it('answers exactly what was committed after a comment, in seq order, also after a deleted one', async () => {
		const video = await sharedVideo();
		const posted: Comment[] = [];
		for (const [who, timestamp] of [[viewer, 9], [owner, 1], [otherViewer, 5], [viewer, 2], [owner, 7]] as const) {
			posted.push(await commentOf(await api.post(who.auth, video.id, { content: `at ${timestamp}`, timestamp })));
		}
		const after = async (id: number) => ids((await listOf(await api.list(viewer.auth, video.id, `?after=${id}`))).comments);
		expect(await after(posted[1]!.id)).toEqual(ids(posted.slice(2)));
		expect(await after(posted[4]!.id)).toEqual([]);
		expect((await api.remove(otherViewer.auth, posted[2]!.id)).status).toBe(204);
		// The client held the deleted comment: it gets what came after it, nothing before.
		expect(await after(posted[2]!.id)).toEqual(ids(posted.slice(3)));
		const late = await commentOf(await api.post(otherViewer.auth, video.id, { content: 'late', timestamp: 0 }));
		expect(await after(posted[2]!.id)).toEqual([...ids(posted.slice(3)), late.id]);
		// An id from another video (made later, so greater) places the client after everything it could hold.
		const other = await sharedVideo('Other');
		const elsewhere = await commentOf(await api.post(viewer.auth, other.id, { content: 'elsewhere', timestamp: 1 }));
		expect(await after(elsewhere.id)).toEqual([]);
	});

	it('refuses a malformed after with 400 naming it', async () => {
		const video = await sharedVideo();
		for (const bad of ['abc', '0', '-3', '1.5', '99999999999', '']) {
			const response = await api.list(viewer.auth, video.id, `?after=${bad}`);
			expect({ bad, status: response.status, field: (await errorOf(response)).field }).toEqual({ bad, status: 400, field: 'after' });
		}
		expect((await api.list(viewer.auth, video.id, '?limit=0')).status).toBe(400);
		expect((await api.list(viewer.auth, video.id, '?limit=501')).status).toBe(400);
	});

	it('pages by seq with hasMore, so a client looping on ?after= gets every comment once', async () => {
		const video = await sharedVideo();
		// Written directly: more than the flood limit lets one person post in a few seconds.
		for (let i = 0; i < 7; i++) {
			await insertComment(app.ctx.db, { videoId: video.id, userId: viewer.user.id, content: `c${i}`, timestamp: 60 - i });
		}
		const first = await listOf(await api.list(viewer.auth, video.id, '?limit=3'));
		expect(first.hasMore).toBe(true);
		// The first three by seq, shown by time.
		expect(first.comments.map((c) => c.content)).toEqual(['c2', 'c1', 'c0']);
		const seen = [...first.comments];
		let cursor = Math.max(...first.comments.map((c) => c.seq));
		for (let more = true; more; ) {
			const last = seen.find((c) => c.seq === cursor)!;
			const page = await listOf(await api.list(viewer.auth, video.id, `?after=${last.id}&limit=3`));
			seen.push(...page.comments);
			cursor = page.comments.at(-1)?.seq ?? cursor;
			more = page.hasMore;
		}
		expect(seen.map((c) => c.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect((await listOf(await api.list(viewer.auth, video.id))).hasMore).toBe(false);
	});
});

describe('the comment flood limit', () => {
	it('lets a parallel burst through up to the limit and answers the rest 429 with Retry-After', async () => {
		const burst = app.ctx.config.rateLimits.commentsPerBurst;
		const flooder = await signUpVerified(app);
		const video = await newVideo(app, flooder.auth);
		const answers = await Promise.all(
			Array.from({ length: burst + 5 }, (_, i) => api.post(flooder.auth, video.id, { content: `spam ${i}`, timestamp: i }))
		);
		const statuses = answers.map((r) => r.status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(burst);
		expect(statuses.filter((s) => s === 429)).toHaveLength(5);
		const limited = answers.find((r) => r.status === 429)!;
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await errorOf(limited)).code).toBe('rate_limited');
		expect((await api.reply(flooder.auth, (await commentOf(answers.find((r) => r.status === 201)!)).id, { content: 'more' })).status).toBe(429);
		expect((await listOf(await api.list(flooder.auth, video.id))).comments).toHaveLength(burst);
		// Someone else is not held back by it.
		expect((await api.post(owner.auth, (await sharedVideo()).id, { content: 'fine', timestamp: 0 })).status).toBe(201);
	});
});

describe('notifications', () => {
	const rows = (userId: number, videoId: number) =>
		app.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('related_id', '=', videoId).where('type', '=', 'comment').orderBy('id').execute();

	it('tells the owner of a comment by someone else, with who, where and the first words', async () => {
		const video = await sharedVideo('Etude in D');
		const long = `${'Lighter bow on the upbeat. '.repeat(10)}end`;
		await commentOf(await api.post(viewer.auth, video.id, { content: long, timestamp: 3.9 }));
		const [row, ...more] = await rows(owner.user.id, video.id);
		expect(more).toEqual([]);
		expect(row).toMatchObject({ type: 'comment', title: 'Ana Viewer commented on Etude in D at 0:03', is_read: false });
		expect(row!.content).toHaveLength(140);
		expect(row!.content.endsWith('…')).toBe(true);
		expect(long.startsWith(row!.content.slice(0, -1))).toBe(true);
		expect(await rows(viewer.user.id, video.id)).toEqual([]);
	});

	it('does not tell the owner of their own comment', async () => {
		const video = await sharedVideo();
		await commentOf(await api.post(owner.auth, video.id, { content: 'Note to self', timestamp: 1 }));
		expect(await rows(owner.user.id, video.id)).toEqual([]);
	});

	it('tells the author of the comment answered and the owner, once each, never the one replying', async () => {
		const video = await sharedVideo('Scales');
		const thread = await commentOf(await api.post(viewer.auth, video.id, { content: 'Is this in tune?', timestamp: 65 }));
		await app.ctx.db.deleteFrom('notifications').where('related_id', '=', video.id).execute();

		await commentOf(await api.reply(otherViewer.auth, thread.id, { content: 'A little flat' }));
		expect((await rows(viewer.user.id, video.id)).map((r) => r.title)).toEqual(['Ben Viewer replied to your comment on Scales at 1:05']);
		expect((await rows(owner.user.id, video.id)).map((r) => r.title)).toEqual(['Ben Viewer replied on Scales at 1:05']);
		expect(await rows(otherViewer.user.id, video.id)).toEqual([]);

		// The owner answering: the author hears, the owner does not hear of themself.
		await commentOf(await api.reply(owner.auth, thread.id, { content: 'Yes, mostly' }));
		expect(await rows(viewer.user.id, video.id)).toHaveLength(2);
		expect(await rows(owner.user.id, video.id)).toHaveLength(1);

		// The author answering their own comment: only the owner hears.
		await commentOf(await api.reply(viewer.auth, thread.id, { content: 'Thanks' }));
		expect(await rows(viewer.user.id, video.id)).toHaveLength(2);
		expect(await rows(owner.user.id, video.id)).toHaveLength(2);
	});

	it('saves no notification for a refused comment', async () => {
		const video = await sharedVideo();
		expect((await api.post(viewer.auth, video.id, { content: '', timestamp: 1 })).status).toBe(400);
		expect(await rows(owner.user.id, video.id)).toEqual([]);
	});
});
