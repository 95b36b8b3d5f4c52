import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { storeRecordedFile } from '../../src/lib/server/storage/stored-files.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let owner: SignedInUser;
beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	owner = await signUpVerified(app);
});
afterAll(() => app.stop());

describe('delivery of a video made through the API', () => {
	it('makes players revalidate playlists (they change while the video is processed), not renditions', async () => {
		const video = await newVideo(app, owner.auth);
		const base = `videos/${owner.user.id}/${video.id}`;
		const store = (name: string, kind: 'video_playlist' | 'video_rendition', contentType: string) =>
			storeRecordedFile(app.ctx, { key: `${base}/${name}`, ownerId: owner.user.id, kind, videoId: video.id, contentType, source: { bytes: new TextEncoder().encode('#EXTM3U\n') } });
		await store('master.m3u8', 'video_playlist', 'application/vnd.apple.mpegurl');
		await store('360p.mp4', 'video_rendition', 'video/mp4');
		const playlist = await app.fetch(`/media/${base}/master.m3u8`, { headers: owner.auth });
		expect(playlist.status).toBe(200);
		expect(playlist.headers.get('cache-control')).toBe('private, no-cache');
		expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
		const rendition = await app.fetch(`/media/${base}/360p.mp4`, { headers: owner.auth });
		expect(rendition.headers.get('cache-control')).toBe('private, max-age=300');
	});

	it("serves a video's original only to those who may view the video", async () => {
		const video = await newVideo(app, owner.auth);
		const stranger = await signUpVerified(app);
		const key = `/media/videos/${owner.user.id}/${video.id}/original`;
		expect((await app.fetch(key, { headers: owner.auth })).status).toBe(200);
		expect((await app.fetch(key, { headers: stranger.auth })).status).toBe(404);
		expect((await app.fetch(key)).status).toBe(404);
	});
});
