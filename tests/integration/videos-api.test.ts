import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { createVideo, newVideo, randomFile, recordingJobs, tusCreate, tusPatch, uploadWhole } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';
import { readdir } from 'node:fs/promises';
import { multipartDir, uploadPath } from '../../src/lib/server/uploads/uploads.files';
import type { Video } from '../../src/lib/server/videos/video.dto';

let app: TestApp;
let owner: SignedInUser;
let shared: SignedInUser;
let stranger: SignedInUser;
const jobs = recordingJobs();
const MAX = 1024 * 1024;

beforeAll(async () => {
	app = await startTestApp({ uploadMaxBytes: MAX });
	app.ctx.videoJobs = jobs;
	[owner, shared, stranger] = [await signUpVerified(app), await signUpVerified(app), await signUpVerified(app)];
});
afterAll(() => app.stop());

const json = (method: string, auth: Record<string, string>, body: unknown) => ({
	method,
	headers: { ...auth, 'content-type': 'application/json' },
	body: JSON.stringify(body)
});
const share = (videoId: number, userId: number) => app.fetch(`/api/videos/${videoId}/share`, json('POST', owner.auth, { userId }));
const videoOf = async (response: Response) => ((await response.json()) as { video: Video }).video;

describe('POST /api/videos from a tus upload', () => {
	it('claims a completed upload of the caller: 201, processing, original stored, transcode enqueued', async () => {
		const uploadId = await uploadWhole(app, owner.auth, randomFile(4096));
		const response = await createVideo(app, owner.auth, { uploadId, title: ' Suite No. 1 ', composer: 'Bach', isPublic: false });
		expect(response.status).toBe(201);
		const video = await videoOf(response);
		expect(video).toMatchObject({ title: 'Suite No. 1', composer: 'Bach', status: 'processing', progress: 0, playlistUrl: null, renditions: [], canManage: true, errorReason: null });
		expect(video.owner).toMatchObject({ id: owner.user.id, username: owner.username });
		const key = `videos/${owner.user.id}/${video.id}/original`;
		expect((await app.ctx.storage.head(key))?.size).toBe(4096);
		const file = await app.ctx.db.selectFrom('stored_files').selectAll().where('key', '=', key).executeTakeFirst();
		expect(file).toMatchObject({ kind: 'video_original', video_id: video.id, owner_id: owner.user.id, size: 4096 });
		expect(jobs.enqueued).toContain(video.id);
		// The tus copy is gone once the video holds the file.
		expect(await Bun.file(uploadPath(app.ctx.config, uploadId)).exists()).toBe(false);
	});

	it('claims an upload exactly once (409 the second time)', async () => {
		const uploadId = await uploadWhole(app, owner.auth, randomFile(100));
		expect((await createVideo(app, owner.auth, { uploadId, title: 'One' })).status).toBe(201);
		const again = await createVideo(app, owner.auth, { uploadId, title: 'Two' });
		expect(again.status).toBe(409);
		expect(await errorOf(again)).toMatchObject({ code: 'upload_claimed', field: 'uploadId' });
	});

	it("answers 404 for another user's upload and for an unknown one, 400 for an unfinished one", async () => {
		const uploadId = await uploadWhole(app, owner.auth, randomFile(100));
		expect((await createVideo(app, stranger.auth, { uploadId, title: 'Mine now' })).status).toBe(404);
		expect((await createVideo(app, owner.auth, { uploadId: 'x'.repeat(32), title: 'Nope' })).status).toBe(404);
		const { id } = await tusCreate(app, owner.auth, 1000);
		await tusPatch(app, owner.auth, id, 0, randomFile(10));
		const unfinished = await createVideo(app, owner.auth, { uploadId: id, title: 'Half' });
		expect(unfinished.status).toBe(400);
		expect(await errorOf(unfinished)).toMatchObject({ field: 'uploadId' });
		// The stranger's attempt claimed nothing: the owner still can.
		expect((await createVideo(app, owner.auth, { uploadId, title: 'Still mine' })).status).toBe(201);
	});

	it('refuses anonymous callers (401) and invalid fields (400 naming the field)', async () => {
		expect((await createVideo(app, {}, { uploadId: 'x'.repeat(32), title: 'A' })).status).toBe(401);
		const bad = await createVideo(app, owner.auth, { uploadId: 'x'.repeat(32), title: '' });
		expect(bad.status).toBe(400);
		expect(await errorOf(bad)).toMatchObject({ field: 'title' });
	});

	it('rolls back when the transcode cannot be enqueued: no row, no stored original, the upload unclaimed', async () => {
		const uploadId = await uploadWhole(app, owner.auth, randomFile(100));
		const before = await app.ctx.storage.list(`videos/${owner.user.id}/`);
		jobs.failNext = true;
		const response = await createVideo(app, owner.auth, { uploadId, title: 'Lost' });
		expect(response.status).toBe(500);
		expect(await app.ctx.storage.list(`videos/${owner.user.id}/`)).toEqual(before);
		expect(await app.ctx.db.selectFrom('videos').select('id').where('upload_id', '=', uploadId).execute()).toEqual([]);
		expect((await createVideo(app, owner.auth, { uploadId, title: 'Found' })).status).toBe(201);
	});
});

describe('POST /api/videos as multipart/form-data', () => {
	// As a browser sends it: with the page's Origin.
	const post = (auth: Record<string, string>, body: FormData) => app.fetch('/api/videos', { method: 'POST', headers: { origin: app.url, ...auth }, body });
	const form = (file: Blob | undefined, fields: Record<string, string>) => {
		const body = new FormData();
		for (const [name, value] of Object.entries(fields)) body.set(name, value);
		if (file) body.set('file', file, 'phone.mp4');
		return body;
	};

	it('streams the file into storage and answers 201 {video}', async () => {
		const bytes = randomFile(200_000);
		const response = await post(owner.auth, form(new Blob([bytes]), { title: 'Scales', isPublic: 'true' }));
		expect(response.status).toBe(201);
		const video = await videoOf(response);
		expect(video).toMatchObject({ title: 'Scales', isPublic: true, status: 'processing' });
		const stored = await app.ctx.storage.read(`videos/${owner.user.id}/${video.id}/original`);
		expect(new Uint8Array(await new Response(stored!.body).arrayBuffer())).toEqual(bytes);
		expect(jobs.enqueued).toContain(video.id);
	});

	it('takes a form from a client that sends no Origin (not a browser: it has no ambient cookie)', async () => {
		const response = await app.fetch('/api/videos', { method: 'POST', headers: owner.auth, body: form(new Blob([randomFile(10)]), { title: 'curl' }) });
		expect(response.status).toBe(201);
	});

	it('refuses a file over UPLOAD_MAX_BYTES (413), a form without a file (400) and anonymous callers (401)', async () => {
		const big = await post(owner.auth, form(new Blob([randomFile(MAX + 10)]), { title: 'Big' }));
		expect(big.status).toBe(413);
		const none = await post(owner.auth, form(undefined, { title: 'Nothing' }));
		expect(none.status).toBe(400);
		expect(await errorOf(none)).toMatchObject({ field: 'file' });
		const anonymous = await post({}, form(new Blob([randomFile(10)]), { title: 'Anon' }));
		expect(anonymous.status).toBe(401);
		const untitled = await post(owner.auth, form(new Blob([randomFile(10)]), {}));
		expect(untitled.status).toBe(400);
		expect(await errorOf(untitled)).toMatchObject({ field: 'title' });
		const foreign = await app.fetch('/api/videos', { method: 'POST', headers: { ...owner.auth, origin: 'http://evil.example' }, body: form(new Blob([randomFile(10)]), { title: 'CSRF' }) });
		expect(foreign.status).toBe(403);
		// No temporary file is left behind by a refused form.
		expect(await readdir(multipartDir(app.ctx.config))).toEqual([]);
	});
});

describe('reading videos', () => {
	let video: Video;
	beforeAll(async () => {
		video = await newVideo(app, owner.auth, { title: 'Partita' });
		expect((await share(video.id, shared.user.id)).status).toBe(201);
	});

	it('GET /api/videos/{id}: owner and shared user 200, stranger 404, anonymous 401', async () => {
		const mine = await app.fetch(`/api/videos/${video.id}`, { headers: owner.auth });
		expect(mine.status).toBe(200);
		expect((await videoOf(mine)).canManage).toBe(true);
		const theirs = await app.fetch(`/api/videos/${video.id}`, { headers: shared.auth });
		expect(theirs.status).toBe(200);
		expect((await videoOf(theirs)).canManage).toBe(false);
		expect((await app.fetch(`/api/videos/${video.id}`, { headers: stranger.auth })).status).toBe(404);
		expect((await app.fetch(`/api/videos/${video.id}`)).status).toBe(401);
		expect((await app.fetch('/api/videos/2147483647', { headers: owner.auth })).status).toBe(404);
	});

	it('a public video is visible to any signed-in user, but not to anonymous callers', async () => {
		const open = await newVideo(app, owner.auth, { isPublic: true });
		expect((await app.fetch(`/api/videos/${open.id}`, { headers: stranger.auth })).status).toBe(200);
		expect((await app.fetch(`/api/videos/${open.id}`)).status).toBe(401);
	});

	it("GET /api/videos lists the caller's own videos only, newest first, with a cursor", async () => {
		const other = await signUpVerified(app);
		const made = [await newVideo(app, other.auth), await newVideo(app, other.auth), await newVideo(app, other.auth)];
		const first = (await (await app.fetch('/api/videos?limit=2', { headers: other.auth })).json()) as { videos: Video[]; nextCursor: string };
		expect(first.videos.map((v) => v.id)).toEqual([made[2]!.id, made[1]!.id]);
		const second = (await (await app.fetch(`/api/videos?limit=2&cursor=${first.nextCursor}`, { headers: other.auth })).json()) as { videos: Video[]; nextCursor: string | null };
		expect(second).toMatchObject({ nextCursor: null });
		expect(second.videos.map((v) => v.id)).toEqual([made[0]!.id]);
		const strangers = (await (await app.fetch('/api/videos', { headers: stranger.auth })).json()) as { videos: Video[] };
		expect(strangers.videos.some((v) => made.some((m) => m.id === v.id))).toBe(false);
		expect((await app.fetch('/api/videos')).status).toBe(401);
		expect((await app.fetch('/api/videos?limit=500', { headers: other.auth })).status).toBe(400);
	});

	it('GET /api/videos/shared lists what is shared with the caller: shared user sees it, stranger and owner do not', async () => {
		const list = async (auth: Record<string, string>) =>
			((await (await app.fetch('/api/videos/shared', { headers: auth })).json()) as { videos: Video[] }).videos.map((v) => v.id);
		expect(await list(shared.auth)).toContain(video.id);
		expect(await list(stranger.auth)).not.toContain(video.id);
		expect(await list(owner.auth)).not.toContain(video.id);
		expect((await app.fetch('/api/videos/shared')).status).toBe(401);
	});
});

describe('editing and deleting', () => {
	it('PUT /api/videos/{id}: owner 200, shared user 403, stranger 404, anonymous 401', async () => {
		const video = await newVideo(app, owner.auth);
		await share(video.id, shared.user.id);
		const edit = { title: 'Renamed', practiceGoals: 'Even sixteenths', description: '' };
		const ok = await app.fetch(`/api/videos/${video.id}`, json('PUT', owner.auth, edit));
		expect(ok.status).toBe(200);
		expect(await videoOf(ok)).toMatchObject({ title: 'Renamed', practiceGoals: 'Even sixteenths', description: null });
		expect((await app.fetch(`/api/videos/${video.id}`, json('PUT', shared.auth, edit))).status).toBe(403);
		expect((await app.fetch(`/api/videos/${video.id}`, json('PUT', stranger.auth, edit))).status).toBe(404);
		expect((await app.fetch(`/api/videos/${video.id}`, json('PUT', {}, edit))).status).toBe(401);
		const bad = await app.fetch(`/api/videos/${video.id}`, json('PUT', owner.auth, { title: 'x'.repeat(300) }));
		expect(bad.status).toBe(400);
		const unknown = await app.fetch(`/api/videos/${video.id}`, json('PUT', owner.auth, { status: 'ready' }));
		expect(unknown.status).toBe(400);
	});

	it('DELETE /api/videos/{id}: shared user 403, stranger 404, anonymous 401; the owner removes rows and every file', async () => {
		const video = await newVideo(app, owner.auth);
		await share(video.id, shared.user.id);
		const prefix = `videos/${owner.user.id}/${video.id}/`;
		await app.ctx.storage.put(`${prefix}thumbnail.jpg`, new Uint8Array([1, 2, 3]), { contentType: 'image/jpeg' });
		const del = (auth: Record<string, string>) => app.fetch(`/api/videos/${video.id}`, { method: 'DELETE', headers: auth });
		expect((await del(shared.auth)).status).toBe(403);
		expect((await del(stranger.auth)).status).toBe(404);
		expect((await del({})).status).toBe(401);
		expect((await app.ctx.storage.list(prefix)).length).toBe(2);
		expect((await del(owner.auth)).status).toBe(204);
		expect(await app.ctx.storage.list(prefix)).toEqual([]);
		const db = app.ctx.db;
		expect(await db.selectFrom('videos').select('id').where('id', '=', video.id).execute()).toEqual([]);
		expect(await db.selectFrom('video_sharing').select('id').where('video_id', '=', video.id).execute()).toEqual([]);
		expect(await db.selectFrom('stored_files').select('key').where('video_id', '=', video.id).execute()).toEqual([]);
		expect((await app.fetch(`/api/videos/${video.id}`, { headers: owner.auth })).status).toBe(404);
	});
});
