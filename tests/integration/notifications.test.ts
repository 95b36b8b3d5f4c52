import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { io as connect, type Socket } from 'socket.io-client';
import { jobDeps } from '../../server/jobs/deps';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { NotificationPayload } from '../../src/lib/realtime/notifications';
import { notify, pushNotification, unreadCount } from '../../src/lib/server/notifications/notifications.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { signUpVerified, type SignedInUser } from '../helpers/users';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let app: TestApp;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	for (const socket of sockets) socket.disconnect();
	await app.stop();
});

async function dial(user: SignedInUser): Promise<ClientSocket> {
	const socket: ClientSocket = connect(app.url, { transports: ['websocket'], reconnection: false, auth: { token: user.token } });
	sockets.push(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
}

/** Saves a notification about a video of the user's own, in a committed transaction. */
async function notifyCommitted(userId: number, title = 'Your video is ready') {
	const videoId = await insertVideo(app.ctx.db, userId);
	const push = await app.ctx.db.transaction().execute((trx) => notify(trx, { userId, type: 'video_ready', title, message: 'Scales in D', relatedId: videoId }));
	if (!push.notification) throw new Error('the notification was not recorded');
	return { ...push, notification: push.notification, videoId };
}
const unread = (userId: number) => unreadCount(app.ctx, { id: userId, verified: true });

const list = (user: SignedInUser | undefined, query = '') =>
	app.fetch(`/api/notifications${query}`, { headers: user?.auth ?? {} });
const put = (user: SignedInUser | undefined, path: string) =>
	app.fetch(`/api/notifications/${path}`, { method: 'PUT', headers: user?.auth ?? {} });

type Page = { notifications: NotificationPayload[]; nextCursor: string | null; unreadCount: number };

describe('notify', () => {
	it('saves nothing when the transaction that caused it rolls back', async () => {
		const user = await signUpVerified(app);
		const rolledBack = app.ctx.db.transaction().execute(async (trx) => {
			await notify(trx, { userId: user.user.id, type: 'video_shared', title: 'Shared with you', message: 'x' });
			throw new Error('the share failed');
		});
		await expect(rolledBack).rejects.toThrow('the share failed');
		expect(await unread(user.user.id)).toBe(0);
	});

	it('saves a row in the transaction and pushes notification:new to the user after the commit, to nobody else', async () => {
		const [owner, stranger] = [await signUpVerified(app), await signUpVerified(app)];
		const [ownerSocket, strangerSocket] = [await dial(owner), await dial(stranger)];
		const received = new Promise<NotificationPayload>((resolve) => ownerSocket.once('notification:new', resolve));
		const leaked: NotificationPayload[] = [];
		strangerSocket.on('notification:new', (n) => leaked.push(n));

		const push = await notifyCommitted(owner.user.id);
		// Jobs push through deps.emit; in the web process (WORKER=inline) that is this node's Socket.IO.
		pushNotification(jobDeps(app.ctx).emit, push);

		const notification = await received;
		expect(notification).toMatchObject({ type: 'video_ready', title: 'Your video is ready', message: 'Scales in D', relatedId: push.videoId, read: false, href: `/videos/${push.videoId}` });
		expect(notification.id).toBe(push.notification.id);
		await Bun.sleep(200);
		expect(leaked).toEqual([]);
		expect(await unread(owner.user.id)).toBe(1);
	});
});

describe('GET /api/notifications', () => {
	it('lists only the caller’s own notifications, newest first, a page at a time, with the unread count', async () => {
		const [owner, other] = [await signUpVerified(app), await signUpVerified(app)];
		for (const title of ['first', 'second', 'third']) await notifyCommitted(owner.user.id, title);
		await notifyCommitted(other.user.id, 'not yours');

		const first = (await (await list(owner, '?limit=2')).json()) as Page;
		expect(first.notifications.map((n) => n.title)).toEqual(['third', 'second']);
		expect(first.unreadCount).toBe(3);
		expect(first.nextCursor).not.toBeNull();
		const second = (await (await list(owner, `?limit=2&cursor=${first.nextCursor}`)).json()) as Page;
		expect(second.notifications.map((n) => n.title)).toEqual(['first']);
		expect(second.nextCursor).toBeNull();

		const others = (await (await list(other)).json()) as Page;
		expect(others.notifications.map((n) => n.title)).toEqual(['not yours']);
	});

	it('refuses anonymous callers and a malformed cursor or limit', async () => {
		const user = await signUpVerified(app);
		expect((await list(undefined)).status).toBe(401);
		const badCursor = await list(user, '?cursor=abc');
		expect(badCursor.status).toBe(400);
		expect((await errorOf(badCursor)).field).toBe('cursor');
		expect((await list(user, '?limit=1000')).status).toBe(400);
	});
});

describe('PUT /api/notifications/{id}/read and /read-all', () => {
	it('lets the owner mark a notification read', async () => {
		const owner = await signUpVerified(app);
		const { notification } = await notifyCommitted(owner.user.id);
		const response = await put(owner, `${notification.id}/read`);
		expect(response.status).toBe(200);
		expect(((await response.json()) as { notification: NotificationPayload }).notification.read).toBe(true);
		expect(await unread(owner.user.id)).toBe(0);
	});

	it('answers 404 to another user, and 401 to anonymous callers, leaving the notification unread', async () => {
		const [owner, stranger] = [await signUpVerified(app), await signUpVerified(app)];
		const { notification } = await notifyCommitted(owner.user.id);
		const refused = await put(stranger, `${notification.id}/read`);
		expect(refused.status).toBe(404);
		expect((await errorOf(refused)).code).toBe('not_found');
		expect((await put(undefined, `${notification.id}/read`)).status).toBe(401);
		expect((await put(owner, '2147483647/read')).status).toBe(404);
		expect(await unread(owner.user.id)).toBe(1);
	});

	it('marks all of the caller’s notifications read and nobody else’s', async () => {
		const [owner, other] = [await signUpVerified(app), await signUpVerified(app)];
		await notifyCommitted(owner.user.id, 'a');
		await notifyCommitted(owner.user.id, 'b');
		await notifyCommitted(other.user.id, 'c');
		const response = await put(owner, 'read-all');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ updated: 2 });
		expect(await unread(owner.user.id)).toBe(0);
		expect(await unread(other.user.id)).toBe(1);
		expect((await put(undefined, 'read-all')).status).toBe(401);
	});
});
