import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { readFile } from 'node:fs/promises';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { randomFile, sha256, TUS, tusCreate, tusHead, tusPatch, uploadWhole } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';
import { uploadPath } from '../../src/lib/server/uploads/uploads.files';

let app: TestApp;
let ana: SignedInUser;
let ben: SignedInUser;
const MAX = 1024 * 1024;

beforeAll(async () => {
	app = await startTestApp({ uploadMaxBytes: MAX });
	[ana, ben] = [await signUpVerified(app), await signUpVerified(app)];
});
afterAll(() => app.stop());

const row = (id: string) => app.ctx.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();

describe('tus uploads', () => {
	it('creates an upload owned by its creator, with a random id in the Location', async () => {
		const { response, id } = await tusCreate(app, ana.auth, 1000, 'cello.mov');
		expect(response.status).toBe(201);
		expect(response.headers.get('location')).toBe(`/api/uploads/${id}`);
		expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(await row(id)).toMatchObject({ user_id: ana.user.id, size: 1000, offset: 0, filename: 'cello.mov', completed_at: null });
	});

	it('keeps a file name with a NUL character as a label without it, rather than failing', async () => {
		const { response, id } = await tusCreate(app, ana.auth, 10, 'a\u0000b.mp4');
		expect(response.status).toBe(201);
		expect((await row(id))?.filename).toBe('ab.mp4');
	});

	it('accepts the session cookie, as a browser sends it', async () => {
		const response = await app.fetch('/api/uploads', {
			method: 'POST',
			headers: { ...TUS, cookie: `classcast_session=${ana.token}`, origin: app.url, 'upload-length': '10' }
		});
		expect(response.status).toBe(201);
		const id = response.headers.get('location')!.split('/').pop()!;
		expect((await row(id))?.user_id).toBe(ana.user.id);
	});

	it('refuses anonymous callers on every tus method', async () => {
		const { id } = await tusCreate(app, ana.auth, 10);
		for (const method of ['POST', 'HEAD', 'PATCH', 'DELETE']) {
			const path = method === 'POST' ? '/api/uploads' : `/api/uploads/${id}`;
			const response = await app.fetch(path, { method, headers: { ...TUS, 'upload-length': '10', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } });
			expect(response.status).toBe(401);
		}
	});

	it('refuses an upload larger than UPLOAD_MAX_BYTES, and a body that would pass its declared size', async () => {
		const { response } = await tusCreate(app, ana.auth, MAX + 1);
		expect(response.status).toBe(413);
		const { id } = await tusCreate(app, ana.auth, 100);
		const over = await tusPatch(app, ana.auth, id, 0, randomFile(101));
		expect(over.status).toBe(413);
	});

	it('refuses a deferred length, so every upload has a known size', async () => {
		const response = await app.fetch('/api/uploads', { method: 'POST', headers: { ...TUS, ...ana.auth, 'upload-defer-length': '1' } });
		expect(response.status).toBe(400);
	});

	it('completes in chunks and records the offset and completion', async () => {
		const bytes = randomFile(300_000);
		const { id } = await tusCreate(app, ana.auth, bytes.byteLength);
		expect((await tusPatch(app, ana.auth, id, 0, bytes.subarray(0, 100_000))).headers.get('upload-offset')).toBe('100000');
		expect((await row(id))?.completed_at).toBeNull();
		expect((await tusPatch(app, ana.auth, id, 100_000, bytes.subarray(100_000))).status).toBe(204);
		expect(await row(id)).toMatchObject({ offset: 300_000 });
		expect((await row(id))?.completed_at).toBeInstanceOf(Date);
		expect(sha256(await readFile(uploadPath(app.ctx.config, id)))).toBe(sha256(bytes));
	});

	it('resumes an upload whose connection was cut, and the file is identical (sha256)', async () => {
		const bytes = randomFile(900_000);
		const { id } = await tusCreate(app, ana.auth, bytes.byteLength);
		// Send 400 KB, then cut the connection in the middle of the body.
		const cut = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(bytes.subarray(0, 400_000));
			},
			pull(controller) {
				return Bun.sleep(200).then(() => controller.error(new Error('network cut')));
			}
		});
		const aborted = await app
			.fetch(`/api/uploads/${id}`, {
				method: 'PATCH',
				headers: { ...TUS, ...ana.auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
				body: cut
			})
			.then((r) => r.status)
			.catch(() => 'cut');
		expect(typeof aborted === 'number' ? aborted >= 400 : aborted === 'cut').toBe(true);
		// HEAD tells where to resume; the server kept what arrived (it may be anything up to 400 KB).
		let offset = -1;
		for (let i = 0; i < 50 && offset < 0; i++) {
			const head = await tusHead(app, ana.auth, id);
			if (head.status === 200) offset = Number(head.headers.get('upload-offset'));
			else await Bun.sleep(100);
		}
		expect(offset).toBeGreaterThanOrEqual(0);
		expect(offset).toBeLessThanOrEqual(400_000);
		const rest = await tusPatch(app, ana.auth, id, offset, bytes.subarray(offset));
		expect(rest.status).toBe(204);
		expect(sha256(await readFile(uploadPath(app.ctx.config, id)))).toBe(sha256(bytes));
	});

	it("does not let another user resume, read or terminate someone's upload (404)", async () => {
		const { id } = await tusCreate(app, ana.auth, 1000);
		expect((await tusHead(app, ben.auth, id)).status).toBe(404);
		expect((await tusPatch(app, ben.auth, id, 0, randomFile(10))).status).toBe(404);
		const del = await app.fetch(`/api/uploads/${id}`, { method: 'DELETE', headers: { ...TUS, ...ben.auth } });
		expect(del.status).toBe(404);
		expect(await errorOf(del)).toMatchObject({ code: 'not_found' });
		// Still Ana's, untouched.
		expect((await tusHead(app, ana.auth, id)).headers.get('upload-offset')).toBe('0');
	});

	it('terminates an upload: its row and its files are gone', async () => {
		const id = await uploadWhole(app, ana.auth, randomFile(5000));
		const del = await app.fetch(`/api/uploads/${id}`, { method: 'DELETE', headers: { ...TUS, ...ana.auth } });
		expect(del.status).toBe(204);
		expect(await row(id)).toBeUndefined();
		expect(await Bun.file(uploadPath(app.ctx.config, id)).exists()).toBe(false);
	});

	it('refuses a PATCH from another site (Origin check)', async () => {
		const { id } = await tusCreate(app, ana.auth, 10);
		const response = await app.fetch(`/api/uploads/${id}`, {
			method: 'PATCH',
			headers: { ...TUS, ...ana.auth, origin: 'http://evil.example', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
			body: randomFile(10)
		});
		expect(response.status).toBe(403);
	});

	it('takes an upload from tus-js-client in chunks', async () => {
		const { Upload } = await import('tus-js-client');
		const bytes = randomFile(700_000);
		const url = await new Promise<string>((resolve, reject) => {
			const upload = new Upload(Buffer.from(bytes), {
				endpoint: new URL('/api/uploads', app.url).href,
				headers: ana.auth,
				chunkSize: 256 * 1024,
				metadata: { filename: 'a.mp4', filetype: 'video/mp4' },
				onError: reject,
				onSuccess: () => resolve(upload.url ?? '')
			});
			upload.start();
		});
		const id = url.split('/').pop()!;
		expect((await row(id))?.completed_at).toBeInstanceOf(Date);
		expect(sha256(await readFile(uploadPath(app.ctx.config, id)))).toBe(sha256(bytes));
	});
});
