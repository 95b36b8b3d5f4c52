import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStoredFile } from '../../src/lib/server/storage/stored-files.repository';
import { removeRecordedFile, removeVideoFiles, storeRecordedFile } from '../../src/lib/server/storage/stored-files.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertUser, insertVideo } from '../helpers/content';

let app: TestApp;
let dir: string;
beforeAll(async () => {
	app = await startTestApp();
	dir = await mkdtemp(join(tmpdir(), 'classcast-stored-'));
});
afterAll(async () => {
	await app.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('stored files', () => {
	it('stores a local file and records its owner, kind, video, type and size', async () => {
		const user = await insertUser(app.ctx.db);
		const video = await insertVideo(app.ctx.db, user.id);
		const path = join(dir, 'upload.mp4');
		await writeFile(path, Buffer.alloc(4096, 1));
		const key = `videos/${user.id}/${video}/original.mp4`;
		await storeRecordedFile(app.ctx, { key, ownerId: user.id, kind: 'video_original', videoId: video, contentType: 'video/mp4', source: { path } });
		expect(await findStoredFile(app.ctx.db, key)).toMatchObject({ owner_id: user.id, kind: 'video_original', video_id: video, content_type: 'video/mp4', size: 4096 });
		expect((await app.ctx.storage.head(key))?.size).toBe(4096);
	});

	it("removes every file of a video, records and bytes, and leaves another video's alone", async () => {
		const user = await insertUser(app.ctx.db);
		const [gone, kept] = [await insertVideo(app.ctx.db, user.id), await insertVideo(app.ctx.db, user.id)];
		const put = (video: number, name: string) =>
			storeRecordedFile(app.ctx, {
				key: `videos/${user.id}/${video}/${name}`,
				ownerId: user.id,
				kind: 'video_rendition',
				videoId: video,
				contentType: 'video/mp4',
				source: { stream: new Blob([name]).stream() }
			});
		await Promise.all([put(gone, 'hd.mp4'), put(gone, 'sd.mp4'), put(kept, 'hd.mp4')]);
		await removeVideoFiles(app.ctx, { id: gone, userId: user.id });
		expect(await app.ctx.storage.list(`videos/${user.id}/${gone}/`)).toEqual([]);
		expect(await app.ctx.db.selectFrom('stored_files').select('key').where('video_id', '=', gone).execute()).toEqual([]);
		expect(await findStoredFile(app.ctx.db, `videos/${user.id}/${kept}/hd.mp4`)).toBeDefined();
		expect((await app.ctx.storage.list(`videos/${user.id}/${kept}/`)).length).toBe(1);
	});

	it('removes one file, its record first', async () => {
		const user = await insertUser(app.ctx.db);
		const key = `profile-images/${user.id}/profile.jpg`;
		await storeRecordedFile(app.ctx, { key, ownerId: user.id, kind: 'profile_image', contentType: 'image/jpeg', source: { bytes: new Uint8Array([1, 2, 3]) } });
		await removeRecordedFile(app.ctx, key);
		expect(await findStoredFile(app.ctx.db, key)).toBeUndefined();
		expect(await app.ctx.storage.head(key)).toBeUndefined();
	});
});
