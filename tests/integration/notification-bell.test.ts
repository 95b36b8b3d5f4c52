import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { NotificationPayload } from '../../src/lib/realtime/notifications';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { answerAs, jsonRequest, requestAs } from '../helpers/relationships';
import { startTestApp, type TestApp } from '../helpers/app';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The bell's API as its reader, another user and anonymous callers: links to what each is about,
// unread filters and counts, and never a notification about what the reader may no longer see.

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
}, 60_000);
afterAll(async () => {
	await app.stop();
});

type Page = { notifications: NotificationPayload[]; nextCursor: string | null; unreadCount: number };
const get = (user: SignedInUser | undefined, path: string) => app.fetch(path, { headers: user?.auth ?? {} });
const page = async (user: SignedInUser, query = '') => (await (await get(user, `/api/notifications${query}`)).json()) as Page;
const count = async (user: SignedInUser) => ((await (await get(user, '/api/notifications/unread-count')).json()) as { unreadCount: number }).unreadCount;
const put = (user: SignedInUser | undefined, path: string) => app.fetch(`/api/notifications/${path}`, { method: 'PUT', headers: user?.auth ?? {} });

/** The owner shares a new video of theirs with `reader` through the API: a `video_shared` notification. */
async function share(owner: SignedInUser, reader: SignedInUser): Promise<number> {
	const videoId = await insertVideo(app.ctx.db, owner.user.id);
	const response = await jsonRequest(app, 'POST', `/api/videos/${videoId}/share`, owner.auth, { userId: reader.user.id });
	expect(response.status).toBe(201);
	return videoId;
}

describe('GET /api/notifications/unread-count', () => {
	it('counts the caller’s unread notifications, follows reads, and refuses anonymous callers', async () => {
		const [owner, reader, other] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
		await share(owner, reader);
		await share(owner, reader);
		expect(await count(reader)).toBe(2);
		expect(await count(other)).toBe(0);
		const [newest] = (await page(reader)).notifications;
		expect((await put(reader, `${newest!.id}/read`)).status).toBe(200);
		expect(await count(reader)).toBe(1);
		expect((await put(reader, 'read-all')).status).toBe(200);
		expect(await count(reader)).toBe(0);
		expect((await get(undefined, '/api/notifications/unread-count')).status).toBe(401);
	});
});

describe('GET /api/notifications?unread=true', () => {
	it('lists only unread ones, pages through them, and refuses a malformed flag', async () => {
		const [owner, reader] = [await signUpVerified(app), await signUpVerified(app)];
		for (let i = 0; i < 3; i++) await share(owner, reader);
		const all = await page(reader);
		expect((await put(reader, `${all.notifications[1]!.id}/read`)).status).toBe(200);

		const first = await page(reader, '?unread=true&limit=1');
		expect(first.notifications.map((n) => n.id)).toEqual([all.notifications[0]!.id]);
		expect(first.unreadCount).toBe(2);
		const second = await page(reader, `?unread=true&limit=1&cursor=${first.nextCursor}`);
		expect(second.notifications.map((n) => n.id)).toEqual([all.notifications[2]!.id]);
		expect(second.nextCursor).toBeNull();
		expect((await page(reader)).notifications).toHaveLength(3);

		const bad = await get(reader, '/api/notifications?unread=yes');
		expect(bad.status).toBe(400);
		expect((await errorOf(bad)).field).toBe('unread');
	});
});

describe('links', () => {
	it('links a share to the video and a comment to its moment', async () => {
		const [owner, reader] = [await signUpVerified(app), await signUpVerified(app)];
		const videoId = await share(owner, reader);
		const [shared] = (await page(reader)).notifications;
		expect(shared).toMatchObject({ type: 'video_shared', relatedId: videoId, href: `/videos/${videoId}`, request: null });

		const commented = await jsonRequest(app, 'POST', `/api/videos/${videoId}/comments`, reader.auth, { content: 'Lovely phrasing', timestamp: 3.25 });
		expect(commented.status).toBe(201);
		const [comment] = (await page(owner)).notifications;
		expect(comment).toMatchObject({ type: 'comment', relatedId: videoId, href: `/videos/${videoId}?t=3.25` });
	});

	it('offers Accept/Decline on a request only to the one asked, while it is pending', async () => {
		const [student, teacher] = [await signUpVerified(app), await signUpVerified(app, { role: 'teacher' })];
		const asked = await requestAs(app, student.auth, { teacherId: teacher.user.id });
		expect(asked.status).toBe(201);
		const { relationship } = (await asked.json()) as { relationship: { id: number } };
		const [request] = (await page(teacher)).notifications;
		expect(request).toMatchObject({ type: 'relationship_requested', href: '/relationships', request: { relationshipId: relationship.id } });

		expect((await answerAs(app, teacher.auth, relationship.id, 'accept')).status).toBe(200);
		const after = (await page(teacher)).notifications.find((n) => n.id === request!.id);
		expect(after?.request).toBeNull();
		const [accepted] = (await page(student)).notifications;
		expect(accepted).toMatchObject({ type: 'relationship_accepted', href: '/relationships', request: null });
	});
});

describe('what the reader may no longer see', () => {
	it('drops a share’s notification from the list and the count once the video is unshared, and cannot mark it read', async () => {
		const [owner, reader] = [await signUpVerified(app), await signUpVerified(app)];
		const kept = await share(owner, reader);
		const gone = await share(owner, reader);
		const before = await page(reader);
		expect(before.unreadCount).toBe(2);
		const goneId = before.notifications.find((n) => n.relatedId === gone)!.id;

		expect((await app.fetch(`/api/videos/${gone}/share/${reader.user.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
		const after = await page(reader);
		expect(after.notifications.map((n) => n.relatedId)).toEqual([kept]);
		expect(after.unreadCount).toBe(1);
		expect(await count(reader)).toBe(1);
		expect((await page(reader, '?unread=true')).notifications.map((n) => n.relatedId)).toEqual([kept]);
		expect((await put(reader, `${goneId}/read`)).status).toBe(404);

		// Shared again: the notification is back, since the reader may see the video again.
		expect((await jsonRequest(app, 'POST', `/api/videos/${gone}/share`, owner.auth, { userId: reader.user.id })).status).toBe(201);
		expect((await page(reader)).notifications.some((n) => n.id === goneId)).toBe(true);
	});

	it('drops a notification whose video was deleted', async () => {
		const [owner, reader] = [await signUpVerified(app), await signUpVerified(app)];
		const videoId = await share(owner, reader);
		expect(await count(reader)).toBe(1);
		await app.ctx.db.deleteFrom('videos').where('id', '=', videoId).execute();
		expect(await count(reader)).toBe(0);
		expect((await page(reader)).notifications).toEqual([]);
	});
});

describe('preferences', () => {
	it('GET/PUT /api/notifications/preferences: the caller’s own, validated, anonymous refused', async () => {
		const [user, other] = [await signUpVerified(app), await signUpVerified(app)];
		const initial = (await (await get(user, '/api/notifications/preferences')).json()) as { preferences: { type: string; inApp: boolean; email: boolean }[] };
		expect(initial.preferences.find((p) => p.type === 'video_shared')).toMatchObject({ inApp: true, email: true });
		expect(initial.preferences.find((p) => p.type === 'video_ready')).toMatchObject({ inApp: true, email: false });

		const changed = await jsonRequest(app, 'PUT', '/api/notifications/preferences', user.auth, { preferences: [{ type: 'video_shared', inApp: false }] });
		expect(changed.status).toBe(200);
		const body = (await changed.json()) as typeof initial;
		expect(body.preferences.find((p) => p.type === 'video_shared')).toMatchObject({ inApp: false, email: true });
		const others = (await (await get(other, '/api/notifications/preferences')).json()) as typeof initial;
		expect(others.preferences.find((p) => p.type === 'video_shared')).toMatchObject({ inApp: true });

		const unknown = await jsonRequest(app, 'PUT', '/api/notifications/preferences', user.auth, { preferences: [{ type: 'nope', email: false }] });
		expect(unknown.status).toBe(400);
		expect((await errorOf(unknown)).field).toBe('preferences.0.type');
		const notBool = await jsonRequest(app, 'PUT', '/api/notifications/preferences', user.auth, { preferences: [{ type: 'comment', email: 'no' }] });
		expect(notBool.status).toBe(400);
		expect((await get(undefined, '/api/notifications/preferences')).status).toBe(401);
		expect((await jsonRequest(app, 'PUT', '/api/notifications/preferences', {}, { preferences: [{ type: 'comment', email: false }] })).status).toBe(401);
	});

	it('with in-app off, a share reaches neither the bell nor the count; with both off nothing is recorded', async () => {
		const [owner, reader] = [await signUpVerified(app), await signUpVerified(app)];
		await jsonRequest(app, 'PUT', '/api/notifications/preferences', reader.auth, { preferences: [{ type: 'video_shared', inApp: false, email: true }] });
		await share(owner, reader);
		expect(await count(reader)).toBe(0);
		expect((await page(reader)).notifications).toEqual([]);
		const hidden = await app.ctx.db.selectFrom('notifications').select(['in_app', 'email_pending']).where('user_id', '=', reader.user.id).execute();
		expect(hidden).toEqual([{ in_app: false, email_pending: true }]);

		await jsonRequest(app, 'PUT', '/api/notifications/preferences', reader.auth, { preferences: [{ type: 'video_shared', email: false }] });
		await share(owner, reader);
		const rows = await app.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', reader.user.id).execute();
		expect(rows).toHaveLength(1);
	});
});
