import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import { rooms, VIDEO_ROOMS_PER_SOCKET } from '../../src/lib/realtime/events';
import type { Comment } from '../../src/lib/server/comments/comment.dto';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf } from '../helpers/comments';
import { command, connected, dial, nextEvent, outcome, recordEvents, type ClientSocket } from '../helpers/sockets';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Video rooms over real sockets: who may join, what reaches whom, and what happens when access
// goes away. Events are ordered per node, so "nothing reached X" is checked after a later event
// reached X (or a socket beside it).

let app: TestApp;
let api: ReturnType<typeof commentsApi>;
let owner: SignedInUser;
let viewer: SignedInUser;
let stranger: SignedInUser;
/** A command's ack without data (its `data: undefined` does not travel). */
const OK = { ok: true, data: undefined } as const;
let open: ClientSocket[] = [];

beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	api = commentsApi(app);
	[owner, viewer, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
});
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});
afterAll(() => app.stop());

async function videoSharedWithViewer(fields: Record<string, unknown> = {}): Promise<Video> {
	const video = await newVideo(app, owner.auth, fields);
	const response = await app.fetch(`/api/videos/${video.id}/share`, {
		method: 'POST',
		headers: { ...owner.auth, 'content-type': 'application/json' },
		body: JSON.stringify({ userId: viewer.user.id })
	});
	expect(response.status).toBe(201);
	return video;
}

/** A connected socket of the user that joined the video's room. */
async function watching(user: SignedInUser, videoId: number): Promise<ClientSocket> {
	const socket = await connected(dial(app.url, open, { token: user.token }));
	expect(await command(socket, 'video:join', { videoId })).toEqual(OK);
	return socket;
}

const post = async (user: SignedInUser, videoId: number, content = 'A note', timestamp = 3) =>
	commentOf(await api.post(user.auth, videoId, { content, timestamp }));

describe('joining a video room', () => {
	it('refuses a connection without a session', async () => {
		expect(await outcome(dial(app.url, open))).toBe('unauthorized');
		expect(await outcome(dial(app.url, open, { token: 'abcdefghijklmnopqrstuvwxyz' }))).toBe('unauthorized');
	});

	it('lets the owner and the shared viewer join; refuses a stranger as not found and a bad payload', async () => {
		const video = await videoSharedWithViewer();
		await watching(owner, video.id);
		await watching(viewer, video.id);
		const socket = await connected(dial(app.url, open, { token: stranger.token }));
		expect(await command(socket, 'video:join', { videoId: video.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await command(socket, 'video:join', { videoId: 2_000_000_000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
		for (const bad of [{ videoId: '1' }, { videoId: -1 }, { videoId: 1.5 }, {}, { videoId: 1, more: true }]) {
			expect(await command(socket, 'video:join', bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		}
		const inRoom = (await app.io.local.in(rooms.video(video.id)).fetchSockets()).map((s) => s.data.userId).sort();
		expect(inRoom).toEqual([owner.user.id, viewer.user.id].sort());
		const heard = recordEvents(socket, 'comment:created');
		const watcher = await watching(owner, video.id);
		const sentinel = nextEvent(watcher, 'comment:created');
		await post(viewer, video.id);
		await sentinel;
		expect(heard).toEqual([]);
	});

	it(`allows ${VIDEO_ROOMS_PER_SOCKET} video rooms per socket, and leaving makes room`, async () => {
		const socket = await connected(dial(app.url, open, { token: owner.token }));
		const videoIds: number[] = [];
		for (let i = 0; i <= VIDEO_ROOMS_PER_SOCKET; i++) {
			const row = await app.ctx.db.insertInto('videos').values({ user_id: owner.user.id, title: `v${i}`, url: 'u' }).returning('id').executeTakeFirstOrThrow();
			videoIds.push(row.id);
		}
		for (const videoId of videoIds.slice(0, -1)) expect(await command(socket, 'video:join', { videoId })).toEqual(OK);
		expect(await command(socket, 'video:join', { videoId: videoIds[0] })).toEqual(OK);
		expect(await command(socket, 'video:join', { videoId: videoIds.at(-1) })).toMatchObject({ ok: false, error: { code: 'too_many_rooms' } });
		expect(await command(socket, 'video:leave', { videoId: videoIds[0] })).toEqual(OK);
		expect(await command(socket, 'video:join', { videoId: videoIds.at(-1) })).toEqual(OK);
	});
});

describe('comment events', () => {
	it('reach the video’s room after the commit, and no other room', async () => {
		const [first, second] = [await videoSharedWithViewer(), await videoSharedWithViewer()];
		const here = await watching(viewer, first.id);
		const there = await watching(owner, second.id);
		const heardHere = { created: recordEvents(here, 'comment:created'), updated: recordEvents(here, 'comment:updated'), deleted: recordEvents(here, 'comment:deleted') };
		const heardThere = { created: recordEvents(there, 'comment:created'), updated: recordEvents(there, 'comment:updated'), deleted: recordEvents(there, 'comment:deleted') };

		const created = nextEvent(here, 'comment:created');
		const comment = await post(owner, first.id, 'Slower here', 4.25);
		expect((await created).comment).toEqual(comment);
		const replied = nextEvent(here, 'comment:created');
		const reply = await commentOf(await api.reply(viewer.auth, comment.id, { content: 'Will do' }));
		expect((await replied).comment).toEqual(reply);
		const updated = nextEvent(here, 'comment:updated');
		const edited = await commentOf(await api.put(owner.auth, comment.id, { content: 'Much slower here' }));
		expect((await updated).comment).toEqual(edited);
		const deleted = nextEvent(here, 'comment:deleted');
		expect((await api.remove(owner.auth, comment.id)).status).toBe(204);
		expect(await deleted).toEqual({ id: comment.id, videoId: first.id, deleted: true, revision: 4, parentCommentId: null, replyIds: [reply.id] });
		// Each event carries the revision its change took, one after another.
		expect([comment.revision, reply.revision, edited.revision]).toEqual([1, 2, 3]);

		const sentinel = nextEvent(there, 'comment:created');
		const elsewhere = await post(owner, second.id);
		await sentinel;
		expect(heardThere.created.map((e) => e.comment.id)).toEqual([elsewhere.id]);
		expect([heardThere.updated, heardThere.deleted]).toEqual([[], []]);
		expect(heardHere.created.map((e) => e.comment.id)).toEqual([comment.id, reply.id]);
		expect(heardHere.updated).toHaveLength(1);
		expect(heardHere.deleted).toHaveLength(1);
	});

	it('push the owner’s notification:new to their user room', async () => {
		const video = await videoSharedWithViewer({ title: 'Minuet' });
		const mine = await connected(dial(app.url, open, { token: owner.token }));
		const notified = nextEvent(mine, 'notification:new');
		await post(viewer, video.id, 'Nice phrasing', 1);
		expect(await notified).toMatchObject({ type: 'comment', relatedId: video.id, message: 'Nice phrasing' });
	});

	it('a client that was away gets each comment it missed exactly once by resyncing with ?after=', async () => {
		const video = await videoSharedWithViewer();
		const before = await watching(viewer, video.id);
		const seen = new Map<number, Comment>();
		const heard = nextEvent(before, 'comment:created');
		const first = await post(owner, video.id, 'first');
		seen.set((await heard).comment.id, first);
		before.disconnect();
		const missed = [await post(owner, video.id, 'missed 1', 1), await post(owner, video.id, 'missed 2', 9), await post(owner, video.id, 'missed 3', 2)];

		// Back: join first, then fetch what came after the last comment held, so nothing falls between.
		const after = await watching(viewer, video.id);
		const live = recordEvents(after, 'comment:created');
		const resync = await listOf(await api.list(viewer.auth, video.id, `?after=${first.id}`));
		expect(resync.comments.map((c) => c.id)).toEqual(missed.map((c) => c.id));
		for (const comment of resync.comments) seen.set(comment.id, comment);
		const next = nextEvent(after, 'comment:created');
		const later = await post(owner, video.id, 'later');
		seen.set((await next).comment.id, later);
		expect(live.map((e) => e.comment.id)).toEqual([later.id]);
		expect([...seen.keys()]).toEqual([first, ...missed, later].map((c) => c.id));
	});
});

describe('losing access to a video', () => {
	it('after unsharing, the former viewer is told video:left and hears nothing more', async () => {
		const video = await videoSharedWithViewer();
		const formerly = await watching(viewer, video.id);
		const ownerSocket = await watching(owner, video.id);
		const heard = recordEvents(formerly, 'comment:created');
		const left = nextEvent(formerly, 'video:left');
		expect((await app.fetch(`/api/videos/${video.id}/share/${viewer.user.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
		expect(await left).toEqual({ videoId: video.id, reason: 'access_lost' });
		const sentinel = nextEvent(ownerSocket, 'comment:created');
		await post(owner, video.id, 'after unsharing');
		await sentinel;
		expect(heard).toEqual([]);
		expect(await command(formerly, 'video:join', { videoId: video.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
	});

	it('making a video private sends out everyone but the owner and the people it is shared with', async () => {
		const video = await videoSharedWithViewer({ isPublic: true });
		const outsider = await watching(stranger, video.id);
		const insider = await watching(viewer, video.id);
		const ownerSocket = await watching(owner, video.id);
		const outsiderHeard = recordEvents(outsider, 'comment:created');
		const insiderLeft = recordEvents(insider, 'video:left');
		const ownerLeft = recordEvents(ownerSocket, 'video:left');
		const left = nextEvent(outsider, 'video:left');
		const response = await app.fetch(`/api/videos/${video.id}`, {
			method: 'PUT',
			headers: { ...owner.auth, 'content-type': 'application/json' },
			body: JSON.stringify({ isPublic: false })
		});
		expect(response.status).toBe(200);
		expect(await left).toEqual({ videoId: video.id, reason: 'access_lost' });
		const reached = nextEvent(insider, 'comment:created');
		await post(owner, video.id, 'private now');
		await reached;
		expect(outsiderHeard).toEqual([]);
		expect([insiderLeft, ownerLeft]).toEqual([[], []]);
	});

	it('deleting a video tells its room video:left (deleted) and empties it', async () => {
		const video = await videoSharedWithViewer();
		const socket = await watching(viewer, video.id);
		const left = nextEvent(socket, 'video:left');
		expect((await app.fetch(`/api/videos/${video.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
		expect(await left).toEqual({ videoId: video.id, reason: 'deleted' });
		expect(await app.io.local.in(rooms.video(video.id)).fetchSockets()).toEqual([]);
	});
});
