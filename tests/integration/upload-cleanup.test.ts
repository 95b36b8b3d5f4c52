import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { purgeAbandonedUploads } from '../../src/lib/server/uploads/uploads.cleanup';
import { multipartDir, uploadPath } from '../../src/lib/server/uploads/uploads.files';
import { startTestApp, type TestApp } from '../helpers/app';
import { createVideo, randomFile, recordingJobs, tusCreate, uploadWhole } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let ana: SignedInUser;
beforeAll(async () => {
	app = await startTestApp();
	app.ctx.videoJobs = recordingJobs();
	ana = await signUpVerified(app);
});
afterAll(() => app.stop());

const DAY = 24 * 60 * 60 * 1000;
const exists = (path: string) => Bun.file(path).exists();
const row = (id: string) => app.ctx.db.selectFrom('uploads').select('id').where('id', '=', id).executeTakeFirst();

describe('purgeAbandonedUploads', () => {
	it('removes uploads not made into a video within a day, finished or not, and keeps the rest', async () => {
		const now = new Date(Date.now() + 2 * DAY);
		const { id: unfinished } = await tusCreate(app, ana.auth, 1000);
		const finished = await uploadWhole(app, ana.auth, randomFile(100));
		const claimed = await uploadWhole(app, ana.auth, randomFile(100));
		expect((await createVideo(app, ana.auth, { uploadId: claimed, title: 'Kept' })).status).toBe(201);
		// Two days on, one more upload is started: it is fresh and stays.
		const { id: fresh } = await tusCreate(app, ana.auth, 1000);
		await app.ctx.db.updateTable('uploads').set({ created_at: now }).where('id', '=', fresh).execute();

		const removed = await purgeAbandonedUploads(app.ctx, now);
		expect(removed.uploads).toBe(2);
		for (const id of [unfinished, finished]) {
			expect(await row(id)).toBeUndefined();
			expect(await exists(uploadPath(app.ctx.config, id))).toBe(false);
			expect(await exists(`${uploadPath(app.ctx.config, id)}.json`)).toBe(false);
		}
		expect(await row(fresh)).toBeDefined();
		expect(await exists(uploadPath(app.ctx.config, fresh))).toBe(true);
		// The claimed upload's row stays, so it can never be claimed a second time.
		expect(await row(claimed)).toBeDefined();
	});

	it('removes old files that no open upload owns, and old multipart temporaries', async () => {
		const old = new Date(Date.now() - 2 * DAY);
		const orphan = uploadPath(app.ctx.config, 'o'.repeat(32));
		await writeFile(orphan, 'left over');
		await writeFile(`${orphan}.json`, '{}');
		await mkdir(multipartDir(app.ctx.config), { recursive: true });
		const temp = join(multipartDir(app.ctx.config), 't'.repeat(32));
		await writeFile(temp, 'half a form');
		for (const path of [orphan, `${orphan}.json`, temp]) await utimes(path, old, old);
		const { id: open } = await tusCreate(app, ana.auth, 10);
		await utimes(uploadPath(app.ctx.config, open), old, old);

		await purgeAbandonedUploads(app.ctx);
		expect(await exists(orphan)).toBe(false);
		expect(await exists(`${orphan}.json`)).toBe(false);
		expect(await exists(temp)).toBe(false);
		// An upload started today stays, however old its file's date.
		expect(await exists(uploadPath(app.ctx.config, open))).toBe(true);
	});
});
