// The whole pipeline on the real job queue and real ffmpeg, on the local folder and on S3
// (s3rver): upload → transcode job → ready → byte-range HLS through /media, and a file that is
// not a video ends `error` with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Video } from '../../src/lib/server/videos/video.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { startTestS3, type TestS3 } from '../helpers/s3';
import { connected, dial, type ClientSocket } from '../helpers/sockets';
import { createVideo, uploadWhole } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';
import { ffprobeJson, makeVideo } from '../helpers/video-fixtures';

for (const backend of ['local folder', 'S3'] as const) {
	describe(`the transcode job (${backend})`, () => {
		let app: TestApp;
		let s3: TestS3 | undefined;
		let owner: SignedInUser;
		let stranger: SignedInUser;
		let dir: string;
		const open: ClientSocket[] = [];
		beforeAll(async () => {
			s3 = backend === 'S3' ? await startTestS3() : undefined;
			app = await startTestApp(s3 ? { s3: s3.config } : {});
			owner = await signUpVerified(app);
			stranger = await signUpVerified(app);
			dir = await mkdtemp(join(tmpdir(), 'classcast-pipeline-'));
		});
		afterAll(async () => {
			for (const socket of open) socket.disconnect();
			await app.stop();
			await s3?.stop();
			await rm(dir, { recursive: true, force: true });
		});

		async function upload(path: string, title: string): Promise<Video> {
			const bytes = new Uint8Array(await readFile(path));
			const uploadId = await uploadWhole(app, owner.auth, bytes);
			const response = await createVideo(app, owner.auth, { uploadId, title });
			expect(response.status).toBe(201);
			const { video } = (await response.json()) as { video: Video };
			expect(video.status).toBe('processing');
			return video;
		}

		/** Polls the video until it leaves `processing` (the job runs in this process: WORKER=inline). */
		async function settled(id: number): Promise<Video> {
			for (let waited = 0; waited < 90_000; waited += 250) {
				const response = await app.fetch(`/api/videos/${id}`, { headers: owner.auth });
				const { video } = (await response.json()) as { video: Video };
				if (video.status !== 'processing') return video;
				await Bun.sleep(250);
			}
			throw new Error(`video ${id} still processing after 90 s`);
		}

		it('turns an H.264 upload into a byte-range HLS ladder that plays through /media, and tells the owner', async () => {
			const socket = await connected(dial(app.url, open, { token: owner.token }));
			const updates: Video[] = [];
			socket.on('video:updated', ({ video }: { video: Video }) => updates.push(video));
			const source = await makeVideo(join(dir, 'etude.mp4'), { width: 1280, height: 720, seconds: 4 });
			const created = await upload(source, 'Etude in E');

			const video = await settled(created.id);
			expect(video).toMatchObject({ status: 'ready', errorReason: null, progress: 1 });
			expect(video.durationSeconds).toBeGreaterThan(3.5);
			expect(video.renditions.map((r) => r.name)).toEqual(['360p', '720p']);
			expect(video.thumbnailUrl).toMatch(/\/thumbnail\.jpg$/);
			expect(updates.at(-1)?.status).toBe('ready');

			const master = await app.fetch(video.playlistUrl!, { headers: owner.auth });
			expect(master.status).toBe(200);
			const masterText = await master.text();
			expect(masterText).toContain('#EXT-X-STREAM-INF');
			const mediaName = masterText.split('\n').find((line) => line.endsWith('.m3u8'))!;
			const base = video.playlistUrl!.replace(/master\.m3u8$/, '');
			const playlist = await (await app.fetch(base + mediaName, { headers: owner.auth })).text();
			const map = playlist.match(/#EXT-X-MAP:URI="([^"]+)",BYTERANGE="(\d+)@(\d+)"/)!;
			const segment = playlist.match(/#EXT-X-BYTERANGE:(\d+)@(\d+)/)!;
			expect(map).toBeTruthy();
			expect(segment).toBeTruthy();
			const range = async (length: string, offset: string) => {
				const start = Number(offset);
				const response = await app.fetch(base + map[1], {
					headers: { ...owner.auth, range: `bytes=${start}-${start + Number(length) - 1}` }
				});
				expect(response.status).toBe(206);
				return new Uint8Array(await response.arrayBuffer());
			};
			const init = await range(map[2]!, map[3]!);
			const first = await range(segment[1]!, segment[2]!);
			const cut = join(dir, 'segment.mp4');
			await writeFile(cut, Buffer.concat([init, first]));
			const probed = await ffprobeJson(cut);
			expect(probed.streams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264')).toBe(true);

			// Nobody else fetches a byte of it.
			expect((await app.fetch(video.playlistUrl!, { headers: stranger.auth })).status).toBe(404);
			expect((await app.fetch(base + map[1], { headers: stranger.auth })).status).toBe(404);
			expect((await app.fetch(video.playlistUrl!)).status).toBe(404);

			const notification = await app.ctx.db
				.selectFrom('notifications')
				.select(['type', 'related_id'])
				.where('user_id', '=', owner.user.id)
				.where('type', '=', 'video_ready')
				.executeTakeFirst();
			expect(notification).toEqual({ type: 'video_ready', related_id: video.id });

			expect((await app.fetch(`/api/videos/${video.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
			expect(await app.ctx.storage.list(`videos/${owner.user.id}/${video.id}/`)).toEqual([]);
		}, 120_000);

		it('ends a text file named .mp4 in `error` with a reason a person understands', async () => {
			const fake = join(dir, 'notes.mp4');
			await writeFile(fake, 'Practice the left hand slowly, then the right.\n'.repeat(50));
			const created = await upload(fake, 'Not a video');
			const video = await settled(created.id);
			expect(video.status).toBe('error');
			expect(video.errorReason).toMatch(/video/i);
			expect(video.errorReason).not.toMatch(/ffmpeg|ffprobe|\/tmp\//);
			expect(video.playlistUrl).toBeNull();
		}, 60_000);
	});
}
