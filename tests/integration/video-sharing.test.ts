import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import { rooms } from '../../src/lib/realtime/events';
import type { NotificationPayload } from '../../src/lib/realtime/notifications';
import type { PersonSummary, VideoShare } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { connected, dial, type ClientSocket } from '../helpers/sockets';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { register, signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let owner: SignedInUser;
let shared: SignedInUser;
let stranger: SignedInUser;
let open: ClientSocket[] = [];

beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	[owner, shared, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
});
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});
afterAll(() => app.stop());

const post = (path: string, auth: Record<string, string>, body: unknown) =>
	app.fetch(path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const shareAs = (auth: Record<string, string>, videoId: number, userId: number) => post(`/api/videos/${videoId}/share`, auth, { userId });
const unshareAs = (auth: Record<string, string>, videoId: number, userId: number) =>
	app.fetch(`/api/videos/${videoId}/share/${userId}`, { method: 'DELETE', headers: auth });
// This node's sockets, joined and read here at once (through Redis a join takes a round trip).
const usersInRoom = async (room: string) => (await app.io.local.in(room).fetchSockets()).map((s) => s.data.userId);

/** Resolves with the next event of that name, or rejects after a generous bound. */
function next<T>(socket: ClientSocket, event: 'notification:new', withinMs = 5000): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${event} within ${withinMs} ms`)), withinMs);
		socket.once(event, (payload) => {
			clearTimeout(timer);
			resolve(payload as T);
		});
	});
}

describe('sharing a video', () => {
	it('shares: 201 {share}, a notification row, and notification:new live on the other user\'s socket', async () => {
		const video = await newVideo(app, owner.auth, { title: 'Nocturne' });
		const socket = await connected(dial(app.url, open, { token: shared.token }));
		const heard = next<NotificationPayload>(socket, 'notification:new');
		const response = await shareAs(owner.auth, video.id, shared.user.id);
		expect(response.status).toBe(201);
		const { share } = (await response.json()) as { share: VideoShare };
		expect(share.user).toMatchObject({ id: shared.user.id, username: shared.username, fullName: shared.user.fullName });
		expect(Date.parse(share.sharedAt)).not.toBeNaN();
		const row = await app.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', shared.user.id).where('related_id', '=', video.id).executeTakeFirst();
		expect(row).toMatchObject({ type: 'video_shared', content: 'Nocturne', is_read: false });
		const notification = await heard;
		expect(notification).toMatchObject({ id: row!.id, type: 'video_shared', relatedId: video.id, read: false, message: 'Nocturne' });
		expect((await app.fetch(`/api/videos/${video.id}`, { headers: shared.auth })).status).toBe(200);
	});

	it('POST share: shared user 403, stranger 404, anonymous 401; twice 409, self 400, unknown or unverified user 404', async () => {
		const video = await newVideo(app, owner.auth);
		expect((await shareAs(owner.auth, video.id, shared.user.id)).status).toBe(201);
		expect((await shareAs(shared.auth, video.id, stranger.user.id)).status).toBe(403);
		expect((await shareAs(stranger.auth, video.id, stranger.user.id)).status).toBe(404);
		expect((await shareAs({}, video.id, stranger.user.id)).status).toBe(401);
		const twice = await shareAs(owner.auth, video.id, shared.user.id);
		expect(twice.status).toBe(409);
		expect(await errorOf(twice)).toMatchObject({ code: 'already_shared', field: 'userId' });
		expect((await shareAs(owner.auth, video.id, owner.user.id)).status).toBe(400);
		expect((await shareAs(owner.auth, video.id, 2_000_000_000)).status).toBe(404);
		const unverified = await register(app);
		expect((await shareAs(owner.auth, video.id, unverified.user.id)).status).toBe(404);
		expect((await post(`/api/videos/${video.id}/share`, owner.auth, { userId: 'x' })).status).toBe(400);
	});

	it('GET shares: owner 200 with the list, shared user 403, stranger 404, anonymous 401', async () => {
		const video = await newVideo(app, owner.auth);
		await shareAs(owner.auth, video.id, shared.user.id);
		const list = (auth: Record<string, string>) => app.fetch(`/api/videos/${video.id}/shares`, { headers: auth });
		const mine = await list(owner.auth);
		expect(mine.status).toBe(200);
		expect(((await mine.json()) as { shares: VideoShare[] }).shares.map((s) => s.user.id)).toEqual([shared.user.id]);
		expect((await list(shared.auth)).status).toBe(403);
		expect((await list(stranger.auth)).status).toBe(404);
		expect((await list({})).status).toBe(401);
	});
});

describe('unsharing a video', () => {
	it('unshares: 204, the video is gone for them, and their socket leaves the video room', async () => {
		const video = await newVideo(app, owner.auth);
		await shareAs(owner.auth, video.id, shared.user.id);
		await connected(dial(app.url, open, { token: shared.token }));
		await connected(dial(app.url, open, { token: owner.token }));
		app.io.local.in(rooms.user(shared.user.id)).socketsJoin(rooms.video(video.id));
		app.io.local.in(rooms.user(owner.user.id)).socketsJoin(rooms.video(video.id));
		expect((await usersInRoom(rooms.video(video.id))).sort()).toEqual([owner.user.id, shared.user.id].sort());
		expect((await unshareAs(owner.auth, video.id, shared.user.id)).status).toBe(204);
		expect(await usersInRoom(rooms.video(video.id))).toEqual([owner.user.id]);
		expect((await app.fetch(`/api/videos/${video.id}`, { headers: shared.auth })).status).toBe(404);
		expect((await unshareAs(owner.auth, video.id, shared.user.id)).status).toBe(404);
	});

	it('DELETE share: shared user 403, stranger 404, anonymous 401', async () => {
		const video = await newVideo(app, owner.auth);
		await shareAs(owner.auth, video.id, shared.user.id);
		expect((await unshareAs(shared.auth, video.id, shared.user.id)).status).toBe(403);
		expect((await unshareAs(stranger.auth, video.id, shared.user.id)).status).toBe(404);
		expect((await unshareAs({}, video.id, shared.user.id)).status).toBe(401);
		expect((await app.fetch(`/api/videos/${video.id}`, { headers: shared.auth })).status).toBe(200);
	});

	it('making a video private sends out everyone but the owner and the people it is shared with', async () => {
		const video = await newVideo(app, owner.auth, { isPublic: true });
		await shareAs(owner.auth, video.id, shared.user.id);
		for (const user of [owner, shared, stranger]) {
			await connected(dial(app.url, open, { token: user.token }));
			app.io.local.in(rooms.user(user.user.id)).socketsJoin(rooms.video(video.id));
		}
		expect((await usersInRoom(rooms.video(video.id))).length).toBe(3);
		const response = await app.fetch(`/api/videos/${video.id}`, {
			method: 'PUT',
			headers: { ...owner.auth, 'content-type': 'application/json' },
			body: JSON.stringify({ isPublic: false })
		});
		expect(response.status).toBe(200);
		expect((await usersInRoom(rooms.video(video.id))).sort()).toEqual([owner.user.id, shared.user.id].sort());
	});

	it('deleting a video empties its room', async () => {
		const video = await newVideo(app, owner.auth);
		await shareAs(owner.auth, video.id, shared.user.id);
		await connected(dial(app.url, open, { token: shared.token }));
		app.io.local.in(rooms.user(shared.user.id)).socketsJoin(rooms.video(video.id));
		expect(await usersInRoom(rooms.video(video.id))).toEqual([shared.user.id]);
		expect((await app.fetch(`/api/videos/${video.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
		expect(await usersInRoom(rooms.video(video.id))).toEqual([]);
	});
});

describe('GET /api/users/search', () => {
	it('finds verified, active people by part of a name, never the caller, at most 10; anonymous 401', async () => {
		const tag = `Zq${Date.now().toString(36)}`;
		const found: SignedInUser[] = [];
		for (let i = 0; i < 12; i++) found.push(await signUpVerified(app, { fullName: `${tag} Player ${i}` }));
		await register(app, { fullName: `${tag} Unverified` });
		const search = (auth: Record<string, string>, q: string) => app.fetch(`/api/users/search?q=${encodeURIComponent(q)}`, { headers: auth });
		const response = await search(found[0]!.auth, tag.toLowerCase());
		expect(response.status).toBe(200);
		const { users } = (await response.json()) as { users: PersonSummary[] };
		expect(users.length).toBe(10);
		expect(users.some((u) => u.id === found[0]!.user.id)).toBe(false);
		expect(users.every((u) => u.fullName.startsWith(tag) && !u.fullName.includes('Unverified'))).toBe(true);
		expect(Object.keys(users[0]!).sort()).toEqual(['fullName', 'id', 'profileImageUrl', 'role', 'username']);
		expect(((await (await search(owner.auth, '%')).json()) as { users: PersonSummary[] }).users).toEqual([]);
		expect((await search(owner.auth, '')).status).toBe(400);
		expect((await search({}, tag)).status).toBe(401);
	});
});
