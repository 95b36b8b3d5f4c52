import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import type { Comment, CommentChange, CommentTombstone } from '../../src/lib/server/comments/comment.dto';
import { insertComment } from '../../src/lib/server/comments/comments.repository';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf } from '../helpers/comments';
import { errorOf } from '../helpers/http';
import { command, connected, dial, recordEvents, type ClientSocket } from '../helpers/sockets';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The change feed of a video's comments (`?since=<revision>`): a client that was away gets every
// create, edit and delete made meanwhile, once each, in revision order, and the live events carry
// the revisions that tie the two together.

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
let owner: SignedInUser;
let viewer: SignedInUser;
let teacher: SignedInUser;
let stranger: SignedInUser;
let open: ClientSocket[] = [];

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { commentsPerBurst: 1000, commentsPerMinute: 1000 } });
	app.ctx.videoJobs = recordingJobs();
	api = commentsApi(app);
	[owner, viewer, teacher, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
});
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});
afterAll(() => app.stop());

async function sharedVideo(): Promise<Video> {
	const video = await newVideo(app, owner.auth);
	for (const person of [viewer, teacher]) {
		const response = await app.fetch(`/api/videos/${video.id}/share`, {
			method: 'POST',
			headers: { ...owner.auth, 'content-type': 'application/json' },
			body: JSON.stringify({ userId: person.user.id })
		});
		expect(response.status).toBe(201);
	}
	return video;
}

interface ChangePage {
	comments: CommentChange[];
	hasMore: boolean;
	revision: number;
}

async function changes(user: SignedInUser, videoId: number, query: string): Promise<ChangePage> {
	const response = await api.list(user.auth, videoId, query);
	if (response.status !== 200) throw new Error(`expected changes: ${response.status} ${await response.text()}`);
	return (await response.json()) as ChangePage;
}

const isTombstone = (change: CommentChange): change is CommentTombstone => 'deleted' in change;

/** A client's view: comments by id, a change applied only when it is newer than the copy held. */
function applyChanges(held: Map<number, Comment>, feed: CommentChange[]): Map<number, Comment> {
	const next = new Map(held);
	for (const change of feed) {
		if (isTombstone(change)) for (const id of [change.id, ...change.replyIds]) next.delete(id);
		else if ((next.get(change.id)?.revision ?? 0) < change.revision) next.set(change.id, change);
	}
	return next;
}

const byId = (comments: Comment[]) => [...comments].sort((a, b) => a.id - b.id);

/** Every page from `since` on, each asked from the last entry of the one before. */
async function allChangesSince(user: SignedInUser, videoId: number, since: number, limit: number) {
	const pages: ChangePage[] = [];
	for (let cursor = since; ; ) {
		const page = await changes(user, videoId, `?since=${cursor}&limit=${limit}`);
		pages.push(page);
		if (!page.hasMore) return pages;
		cursor = page.comments.at(-1)!.revision;
	}
}

describe('GET ?since=', () => {
	it('catches a client that was away up on creates, edits and deletes, once each, in revision order', async () => {
		const video = await sharedVideo();
		const kept = await commentOf(await api.post(owner.auth, video.id, { content: 'Bow lighter', timestamp: 2 }));
		const doomed = await commentOf(await api.post(teacher.auth, video.id, { content: 'Too fast', timestamp: 5 }));

		// The viewer's page is open and live; it hears both comments, then its socket drops.
		const socket = await connected(dial(app.url, open, { token: viewer.token }));
		expect(await command(socket, 'video:join', { videoId: video.id })).toMatchObject({ ok: true });
		const start = (await (await api.list(viewer.auth, video.id)).json()) as { comments: Comment[]; revision: number };
		expect(start.revision).toBe(doomed.revision);
		socket.disconnect();

		// Meanwhile: new comments and replies, edits (one moving a thread), deletions of both kinds.
		const fresh = await commentOf(await api.post(teacher.auth, video.id, { content: 'Listen to the bass', timestamp: 9 }));
		const reply = await commentOf(await api.reply(teacher.auth, kept.id, { content: 'Especially here' }));
		const goneReply = await commentOf(await api.reply(owner.auth, kept.id, { content: 'Typo' }));
		const threadReply = await commentOf(await api.reply(owner.auth, doomed.id, { content: 'Agreed' }));
		expect((await api.put(owner.auth, kept.id, { content: 'Bow much lighter', timestamp: 3 })).status).toBe(200);
		expect((await api.put(teacher.auth, reply.id, { content: 'Especially in bar 4' })).status).toBe(200);
		expect((await api.remove(owner.auth, goneReply.id)).status).toBe(204);
		expect((await api.remove(teacher.auth, doomed.id)).status).toBe(204);
		expect((await api.put(teacher.auth, fresh.id, { content: 'Listen to the cellos' })).status).toBe(200);

		// Back: everything after the revision it held, as the others see it now.
		const feed = await changes(viewer, video.id, `?since=${start.revision}`);
		expect(feed.hasMore).toBe(false);
		const revisions = feed.comments.map((c) => c.revision);
		expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
		expect(new Set(feed.comments.map((c) => c.id)).size).toBe(feed.comments.length);
		expect(feed.revision).toBe(Math.max(...revisions));
		const summary = feed.comments.map((c) => (isTombstone(c) ? `deleted ${c.id} [${c.replyIds.join(',')}]` : `${c.id} ${c.content} @${c.timestamp}`));
		expect(summary).toEqual([
			`${kept.id} Bow much lighter @3`,
			`${reply.id} Especially in bar 4 @3`,
			`deleted ${goneReply.id} []`,
			`deleted ${doomed.id} [${threadReply.id}]`,
			`${fresh.id} Listen to the cellos @9`
		]);
		expect(revisions).toEqual([7, 10, 11, 12, 13]);
		const held = applyChanges(new Map(start.comments.map((c) => [c.id, c])), feed.comments);
		const now = await listOf(await api.list(owner.auth, video.id));
		expect(byId([...held.values()])).toEqual(byId(now.comments));
		expect(now.comments.map((c) => c.content).sort()).toEqual(['Bow much lighter', 'Especially in bar 4', 'Listen to the cellos']);
		// Asking again from where the answer ended: nothing more.
		expect(await changes(viewer, video.id, `?since=${feed.revision}`)).toEqual({ comments: [], hasMore: false, revision: feed.revision });
	});

	it('gives each change one revision, carried by its event, so a client can follow along and spot a gap', async () => {
		const video = await sharedVideo();
		const socket = await connected(dial(app.url, open, { token: viewer.token }));
		expect(await command(socket, 'video:join', { videoId: video.id })).toMatchObject({ ok: true });
		const heard: number[] = [];
		socket.on('comment:created', ({ comment }) => heard.push(comment.revision));
		socket.on('comment:updated', ({ comment }) => heard.push(comment.revision));
		socket.on('comment:deleted', ({ revision }) => heard.push(revision));
		const deleted = recordEvents(socket, 'comment:deleted');

		const first = await commentOf(await api.post(owner.auth, video.id, { content: 'One', timestamp: 1 }));
		const replies = [await commentOf(await api.reply(teacher.auth, first.id, { content: 'a' })), await commentOf(await api.reply(viewer.auth, first.id, { content: 'b' }))];
		// Moving the thread moves both replies: three changes, three events.
		expect((await api.put(owner.auth, first.id, { timestamp: 4, category: 'rhythm' })).status).toBe(200);
		expect((await api.remove(owner.auth, first.id)).status).toBe(204);
		const until = Date.now() + 5000;
		while (deleted.length === 0 && Date.now() < until) await Bun.sleep(20);

		expect(heard).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(deleted).toEqual([{ id: first.id, videoId: video.id, deleted: true, revision: 7, parentCommentId: null, replyIds: replies.map((r) => r.id) }]);
		const feed = await changes(owner, video.id, '?since=0');
		expect(feed).toEqual({ comments: [deleted[0]!], hasMore: false, revision: 7 });
	});

	it('pages by revision with hasMore, each page asked from the last one’s end, with the video’s revision', async () => {
		const video = await sharedVideo();
		const made: number[] = [];
		for (let i = 0; i < 7; i++) {
			made.push((await insertComment(app.ctx.db, { videoId: video.id, userId: viewer.user.id, content: `c${i}`, timestamp: i }))!.id);
		}
		expect((await api.put(viewer.auth, made[0]!, { content: 'c0 edited' })).status).toBe(200);
		expect((await api.remove(owner.auth, made[3]!)).status).toBe(204);
		expect((await api.put(viewer.auth, made[5]!, { content: 'c5 edited' })).status).toBe(200);

		const pages = await allChangesSince(viewer, video.id, 0, 3);
		expect(pages.map((p) => [p.comments.length, p.hasMore])).toEqual([
			[3, true],
			[3, true],
			[1, false]
		]);
		const all = pages.flatMap((p) => p.comments);
		expect(all.map((c) => c.revision)).toEqual([2, 3, 5, 7, 8, 9, 10]);
		expect(all.map((c) => (isTombstone(c) ? `x${c.id}` : c.content))).toEqual(['c1', 'c2', 'c4', 'c6', 'c0 edited', `x${made[3]!}`, 'c5 edited']);
		for (const page of pages) expect(page.revision).toBe(10);
		const held = applyChanges(new Map(), all);
		expect(byId([...held.values()])).toEqual(byId((await listOf(await api.list(owner.auth, video.id))).comments));
		// A revision past everything answers nothing, at the video's revision.
		expect(await changes(viewer, video.id, '?since=500')).toEqual({ comments: [], hasMore: false, revision: 10 });
	});

	it('refuses a malformed since, or since with after, with 400 naming it', async () => {
		const video = await sharedVideo();
		for (const query of ['?since=abc', '?since=-1', '?since=1.5', '?since=01', '?since=99999999999', '?since=', '?since=3&after=1']) {
			const response = await api.list(viewer.auth, video.id, query);
			expect({ query, status: response.status, field: (await errorOf(response)).field }).toEqual({ query, status: 400, field: 'since' });
		}
		expect((await api.list(viewer.auth, video.id, '?since=0&limit=0')).status).toBe(400);
	});

	it('answers the owner and a shared viewer; a stranger gets 404 and an anonymous caller 401, as the list does', async () => {
		const video = await sharedVideo();
		await commentOf(await api.post(teacher.auth, video.id, { content: 'Hello', timestamp: 1 }));
		for (const user of [owner, viewer]) expect((await changes(user, video.id, '?since=0')).comments).toHaveLength(1);
		for (const query of ['', '?since=0']) {
			const strange = await api.list(stranger.auth, video.id, query);
			expect([strange.status, (await errorOf(strange)).code]).toEqual([404, 'not_found']);
			expect((await api.list({}, video.id, query)).status).toBe(401);
		}
		expect((await api.list(viewer.auth, 2_000_000_000, '?since=0')).status).toBe(404);
	});

	it('keeps revisions unique and the feed whole when people change one thread at once', async () => {
		const video = await sharedVideo();
		const thread = await commentOf(await api.post(owner.auth, video.id, { content: 'Thread', timestamp: 1 }));
		const others = await Promise.all([1, 2, 3].map((i) => api.post(teacher.auth, video.id, { content: `o${i}`, timestamp: i }).then(commentOf)));
		const answers = await Promise.all([
			...[1, 2, 3, 4].map((i) => api.reply(viewer.auth, thread.id, { content: `r${i}` })),
			...[5, 6, 7].map((t) => api.put(owner.auth, thread.id, { timestamp: t })),
			...others.map((o, i) => (i === 0 ? api.remove(teacher.auth, o.id) : api.put(teacher.auth, o.id, { content: `o edited ${i}` }))),
			api.remove(owner.auth, thread.id)
		]);
		for (const answer of answers) expect([200, 201, 204, 404]).toContain(answer.status);
		const feed = (await allChangesSince(owner, video.id, 0, 4)).flatMap((p) => p.comments);
		const revisions = feed.map((c) => c.revision);
		expect(new Set(revisions).size).toBe(revisions.length);
		expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
		const held = applyChanges(new Map(), feed);
		expect(byId([...held.values()])).toEqual(byId((await listOf(await api.list(owner.auth, video.id))).comments));
	});
});
