import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import { publishVideoProgress, publishVideoUpdated } from '../../src/lib/server/videos/video-events';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { connected, dial, type ClientSocket } from '../helpers/sockets';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let owner: SignedInUser;
let open: ClientSocket[] = [];
beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	owner = await signUpVerified(app);
});
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});
afterAll(() => app.stop());

/** Collects what a socket hears until `settle` resolves, then a moment more for stragglers. */
async function heard<T>(socket: ClientSocket, event: 'video:progress' | 'video:updated', settle: () => Promise<unknown>): Promise<T[]> {
	const got: T[] = [];
	socket.on(event, (payload: unknown) => got.push(payload as T));
	await settle();
	await Bun.sleep(300);
	return got;
}

describe('video events for the transcode job', () => {
	it('publishVideoProgress sends at most one progress per 250 ms per video, and every change of status', async () => {
		const video = await newVideo(app, owner.auth);
		const socket = await connected(dial(app.url, open, { token: owner.token }));
		const target = { id: video.id, userId: owner.user.id, status: 'processing' as const };
		const events = await heard(socket, 'video:progress', async () => {
			expect(publishVideoProgress(app.ctx, target, 0.1, 1000)).toBe(true);
			expect(publishVideoProgress(app.ctx, target, 0.2, 1100)).toBe(false);
			expect(publishVideoProgress(app.ctx, target, 0.3, 1250)).toBe(true);
			expect(publishVideoProgress(app.ctx, { ...target, status: 'ready' }, 1.5, 1260)).toBe(true);
		});
		expect(events).toEqual([
			{ videoId: video.id, status: 'processing', progress: 0.1 },
			{ videoId: video.id, status: 'processing', progress: 0.3 },
			{ videoId: video.id, status: 'ready', progress: 1 }
		]);
	});

	it("publishVideoUpdated sends the video's current JSON to its owner", async () => {
		const video = await newVideo(app, owner.auth, { title: 'Before' });
		await app.ctx.db
			.updateTable('videos')
			.set({ playlist_key: `videos/${owner.user.id}/${video.id}/master.m3u8`, progress: 0.5, thumbnail_key: `videos/${owner.user.id}/${video.id}/thumbnail.jpg`, renditions: JSON.stringify([{ name: '360p', width: 640, height: 360, bandwidth: 800000, key: `videos/${owner.user.id}/${video.id}/360p.mp4` }]) })
			.where('id', '=', video.id)
			.execute();
		const socket = await connected(dial(app.url, open, { token: owner.token }));
		const events = await heard<{ video: Video }>(socket, 'video:updated', () => publishVideoUpdated(app.ctx, video.id));
		expect(events.length).toBe(1);
		expect(events[0]!.video).toMatchObject({
			id: video.id,
			progress: 0.5,
			canManage: true,
			playlistUrl: `/media/videos/${owner.user.id}/${video.id}/master.m3u8`,
			thumbnailUrl: `/media/videos/${owner.user.id}/${video.id}/thumbnail.jpg`,
			renditions: [{ name: '360p', width: 640, height: 360, bandwidth: 800000, url: `/media/videos/${owner.user.id}/${video.id}/360p.mp4` }]
		});
		expect(await publishVideoUpdated(app.ctx, 2_000_000_000)).toBe(false);
	});
});
