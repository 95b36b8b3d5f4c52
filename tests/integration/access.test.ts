import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import {
	assertCanOnVideo,
	canOnConversation,
	canOnReviewSession,
	canReadFile,
	canShareVideo,
	canViewVideo,
	decisionStatus,
	type AccessUser
} from '../../src/lib/server/access';
import type { Database } from '../../src/lib/server/db/database';
import { recordStoredFile } from '../../src/lib/server/storage/stored-files.repository';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertUser, insertVideo } from '../helpers/content';

// The access layer's queries against a real database: the facts it loads, not only its rules.
let app: TestApp;
let db: Database;
let owner: AccessUser;
let shared: AccessUser;
let stranger: AccessUser;
let privateVideo: number;
let publicVideo: number;

beforeAll(async () => {
	app = await startTestApp();
	db = app.ctx.db;
	owner = await insertUser(db);
	shared = await insertUser(db);
	stranger = await insertUser(db);
	privateVideo = await insertVideo(db, owner.id, { sharedWith: [shared.id] });
	publicVideo = await insertVideo(db, owner.id, { isPublic: true });
});
afterAll(() => app.stop());

const statusOf = async (decision: Promise<Parameters<typeof decisionStatus>[0]>) => decisionStatus(await decision);

describe('video access from the database', () => {
	it('allows the owner and the shared user, and hides a private video from a stranger and the anonymous', async () => {
		expect(await statusOf(canViewVideo(db, owner, privateVideo))).toBe(200);
		expect(await statusOf(canViewVideo(db, shared, privateVideo))).toBe(200);
		expect(await statusOf(canViewVideo(db, stranger, privateVideo))).toBe(404);
		expect(await statusOf(canViewVideo(db, null, privateVideo))).toBe(401);
	});

	it('shows a public video to a stranger, but lets only the owner share it', async () => {
		expect(await statusOf(canViewVideo(db, stranger, publicVideo))).toBe(200);
		expect(await statusOf(canShareVideo(db, stranger, publicVideo))).toBe(403);
		expect(await statusOf(canShareVideo(db, owner, publicVideo))).toBe(200);
	});

	it('stops showing a video once its share is removed', async () => {
		const video = await insertVideo(db, owner.id, { sharedWith: [stranger.id] });
		expect(await statusOf(canViewVideo(db, stranger, video))).toBe(200);
		await db.deleteFrom('video_sharing').where('video_id', '=', video).execute();
		expect(await statusOf(canViewVideo(db, stranger, video))).toBe(404);
	});

	it('answers ids that cannot exist as not found, never a database error', async () => {
		for (const id of [0, -1, 1.5, 2 ** 31, Number.NaN]) {
			expect(await statusOf(canViewVideo(db, owner, id))).toBe(404);
		}
	});

	it('throws the AppError of the refusal from assert', async () => {
		await expect(assertCanOnVideo(db, stranger, privateVideo, 'view')).rejects.toMatchObject({ status: 404, code: 'not_found' });
		await expect(assertCanOnVideo(db, shared, privateVideo, 'manage')).rejects.toMatchObject({ status: 403 });
		await expect(assertCanOnVideo(db, null, privateVideo, 'view')).rejects.toMatchObject({ status: 401 });
		await assertCanOnVideo(db, owner, privateVideo, 'manage');
	});
});

describe('conversation access from the database', () => {
	it('lets its members in and nobody else; posting needs a connection to the others', async () => {
		const { id } = await db.insertInto('conversations').values({ is_group: false }).returning('id').executeTakeFirstOrThrow();
		await db.insertInto('conversation_members').values([
			{ conversation_id: id, user_id: owner.id },
			{ conversation_id: id, user_id: shared.id }
		]).execute();
		expect(await statusOf(canOnConversation(db, owner, id, 'post'))).toBe(403);
		await db
			.insertInto('student_teacher_relationships')
			.values({ student_id: shared.id, teacher_id: owner.id, requested_by: shared.id, status: 'active' })
			.execute();
		expect(await statusOf(canOnConversation(db, owner, id, 'post'))).toBe(200);
		expect(await statusOf(canOnConversation(db, shared, id, 'post'))).toBe(200);
		expect(await statusOf(canOnConversation(db, shared, id, 'view'))).toBe(200);
		expect(await statusOf(canOnConversation(db, stranger, id, 'post'))).toBe(404);
		expect(await statusOf(canOnConversation(db, stranger, id, 'view'))).toBe(404);
		expect(await statusOf(canOnConversation(db, null, id, 'view'))).toBe(401);
		expect(await statusOf(canOnConversation(db, owner, 2_000_000_000, 'view'))).toBe(404);
	});
});

describe('review session access from the database', () => {
	it('lets the host and an invitee who can view the video join, and nobody else', async () => {
		const { id } = await db.insertInto('review_sessions').values({ video_id: privateVideo, host_id: owner.id }).returning('id').executeTakeFirstOrThrow();
		await db.insertInto('review_session_invitees').values([
			{ session_id: id, user_id: shared.id },
			{ session_id: id, user_id: stranger.id }
		]).execute();
		expect(await statusOf(canOnReviewSession(db, owner, id, 'join'))).toBe(200);
		expect(await statusOf(canOnReviewSession(db, owner, id, 'control'))).toBe(200);
		expect(await statusOf(canOnReviewSession(db, shared, id, 'join'))).toBe(200);
		expect(await statusOf(canOnReviewSession(db, shared, id, 'control'))).toBe(403);
		expect(await statusOf(canOnReviewSession(db, shared, id, 'control', { controllerId: shared.id }))).toBe(200);
		// Invited, but the video is not shared with them.
		expect(await statusOf(canOnReviewSession(db, stranger, id, 'join'))).toBe(404);
		expect(await statusOf(canOnReviewSession(db, null, id, 'join'))).toBe(401);
	});
});

describe('file access from the database', () => {
	it("follows a video's access for its files and lets any signed-in user see a profile picture", async () => {
		await recordStoredFile(db, { key: `videos/${owner.id}/${privateVideo}/hd.mp4`, owner_id: owner.id, kind: 'video_rendition', video_id: privateVideo, content_type: 'video/mp4', size: 10 });
		await recordStoredFile(db, { key: `profile-images/${owner.id}/profile.jpg`, owner_id: owner.id, kind: 'profile_image', video_id: null, content_type: 'image/jpeg', size: 10 });
		const videoFile = `videos/${owner.id}/${privateVideo}/hd.mp4`;
		expect(await canReadFile(db, owner, videoFile)).toMatchObject({ allowed: true, file: { content_type: 'video/mp4' } });
		expect((await canReadFile(db, shared, videoFile)).allowed).toBe(true);
		expect(await canReadFile(db, stranger, videoFile)).toEqual({ allowed: false, reason: 'not_found' });
		expect(await canReadFile(db, null, videoFile)).toEqual({ allowed: false, reason: 'unauthenticated' });
		expect((await canReadFile(db, stranger, `profile-images/${owner.id}/profile.jpg`)).allowed).toBe(true);
		expect(await canReadFile(db, owner, `videos/${owner.id}/${privateVideo}/unknown.mp4`)).toEqual({ allowed: false, reason: 'not_found' });
	});

	it('refuses to record a video file without its video, or a profile file with one', async () => {
		await expect(
			recordStoredFile(db, { key: 'videos/1/1/x.mp4', owner_id: owner.id, kind: 'video_original', video_id: null, content_type: 'video/mp4', size: 1 })
		).rejects.toThrow();
		await expect(
			recordStoredFile(db, { key: 'profile-images/1/x.jpg', owner_id: owner.id, kind: 'profile_image', video_id: privateVideo, content_type: 'image/jpeg', size: 1 })
		).rejects.toThrow();
	});
});
