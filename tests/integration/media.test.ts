import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import type { SelfUser } from '../../src/lib/server/users/users.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { signUpVerified, type SignedInUser } from '../helpers/users';

const SECRET = 'classcast-secret-outside-media';

let app: TestApp;
let owner: SignedInUser;
let other: SignedInUser;
let imageUrl: string;
let thumbnailUrl: string;
let full: Buffer;

beforeAll(async () => {
	app = await startTestApp();
	owner = await signUpVerified(app);
	other = await signUpVerified(app);
	const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c02860' } }).png().toBuffer();
	const form = new FormData();
	form.set('image', new File([png], 'photo.png', { type: 'image/png' }));
	const response = await app.fetch('/api/users/profile', {
		method: 'PUT',
		headers: { origin: app.url, ...owner.auth },
		body: form
	});
	if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
	const { user } = (await response.json()) as { user: SelfUser };
	imageUrl = user.profileImageUrl!;
	thumbnailUrl = user.profileThumbnailUrl!;
	full = Buffer.from(await (await app.fetch(imageUrl, { headers: other.auth })).arrayBuffer());

	// Files the media route must never serve: beside the media folder, and inside it off the allowed pattern.
	const dataDir = app.ctx.config.dataDir;
	await writeFile(join(dataDir, 'secret.txt'), SECRET);
	await mkdir(join(dataDir, 'media', 'videos', '1', '2'), { recursive: true });
	await writeFile(join(dataDir, 'media', 'videos', '1', '2', 'original.mp4'), SECRET);
	await writeFile(join(dataDir, 'media', 'profile-images', String(owner.user.id), 'other.jpg'), SECRET);
	await writeFile(join(dataDir, 'media', 'secret.txt'), SECRET);
});
afterAll(() => app.stop());

const get = (path: string, headers: Record<string, string> = {}) => app.fetch(path, { headers });

/** Sends a request line exactly as written, since fetch and URL would normalise `..` away. */
function rawGet(path: string, token: string): Promise<{ status: number; text: string }> {
	const { hostname, port } = new URL(app.url);
	return new Promise((resolve, reject) => {
		const socket = connect(Number(port), hostname, () => {
			socket.write(
				`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`
			);
		});
		let data = '';
		socket.on('data', (chunk) => (data += chunk.toString('latin1')));
		socket.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
		socket.on('error', reject);
	});
}

describe('GET /media/profile-images/{id}/…', () => {
	it('serves the profile picture to another signed-in user as a JPEG that accepts ranges', async () => {
		const response = await get(imageUrl, other.auth);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/jpeg');
		expect(response.headers.get('accept-ranges')).toBe('bytes');
		expect(response.headers.get('cache-control')).toContain('private');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
		expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
	});

	it('serves the picture and thumbnail to their owner', async () => {
		const profile = await get(imageUrl, owner.auth);
		expect(profile.status).toBe(200);
		expect(Buffer.from(await profile.arrayBuffer()).equals(full)).toBe(true);
		const thumbnail = await get(thumbnailUrl, owner.auth);
		expect(thumbnail.status).toBe(200);
		expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
		expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(128);
	});

	it('answers 401 to an anonymous request', async () => {
		const response = await get(imageUrl);
		expect(response.status).toBe(401);
		expect(await response.text()).not.toContain('JFIF');
	});

	it('answers 401 to a token whose session has logged out', async () => {
		const leaving = await signUpVerified(app);
		expect((await get(imageUrl, leaving.auth)).status).toBe(200);
		await app.fetch('/api/auth/logout', { method: 'POST', headers: leaving.auth });
		expect((await get(imageUrl, leaving.auth)).status).toBe(401);
	});

	it('answers 404 for a user with no picture', async () => {
		expect((await get(`/media/profile-images/${other.user.id}/profile.jpg`, owner.auth)).status).toBe(404);
		expect((await get('/media/profile-images/2147483647/thumbnail.jpg', owner.auth)).status).toBe(404);
	});
});

describe('Range requests on /media', () => {
	it('answers bytes=0-99 with 206, a content-range and exactly the first 100 bytes', async () => {
		const response = await get(imageUrl, { ...other.auth, range: 'bytes=0-99' });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes 0-99/${full.length}`);
		expect(response.headers.get('content-length')).toBe('100');
		expect(response.headers.get('content-type')).toBe('image/jpeg');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.length).toBe(100);
		expect(bytes.equals(full.subarray(0, 100))).toBe(true);
	});

	it('answers an open-ended range with the rest of the file', async () => {
		const response = await get(imageUrl, { ...other.auth, range: 'bytes=100-' });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes 100-${full.length - 1}/${full.length}`);
		expect(Buffer.from(await response.arrayBuffer()).equals(full.subarray(100))).toBe(true);
	});

	it('answers a suffix range with the last bytes', async () => {
		const response = await get(imageUrl, { ...other.auth, range: 'bytes=-50' });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes ${full.length - 50}-${full.length - 1}/${full.length}`);
		expect(Buffer.from(await response.arrayBuffer()).equals(full.subarray(-50))).toBe(true);
	});

	it('clips a range that runs past the end', async () => {
		const response = await get(imageUrl, { ...other.auth, range: `bytes=10-${full.length + 5000}` });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes 10-${full.length - 1}/${full.length}`);
		expect(Buffer.from(await response.arrayBuffer()).equals(full.subarray(10))).toBe(true);
	});

	it('answers 416 with the size for a range that starts past the end', async () => {
		for (const range of [`bytes=${full.length}-`, `bytes=${full.length + 10}-${full.length + 20}`, 'bytes=-0']) {
			const response = await get(imageUrl, { ...other.auth, range });
			expect(response.status).toBe(416);
			expect(response.headers.get('content-range')).toBe(`bytes */${full.length}`);
			expect((await response.arrayBuffer()).byteLength).toBe(0);
		}
	});

	it('answers 401 to an anonymous range request', async () => {
		expect((await get(imageUrl, { range: 'bytes=0-99' })).status).toBe(401);
	});
});

describe('paths outside the readable pattern', () => {
	const refused = [
		'/media/videos/1/2/original.mp4',
		'/media/secret.txt',
		'/media/profile-images/OWNER/other.jpg',
		'/media/profile-images/OWNER/profile.png',
		'/media/profile-images/OWNER/profile.jpg.tmp',
		'/media/profile-images/abc/profile.jpg',
		'/media/profile-images/%2e%2e/secret.txt',
		'/media/profile-images/%2e%2e/%2e%2e/secret.txt',
		'/media/profile-images/OWNER/%2e%2e/%2e%2e/secret.txt',
		'/media/profile-images%2f..%2f..%2fsecret.txt',
		'/media/profile-images/OWNER/..%5c..%5c..%5csecret.txt',
		'/media/%2fetc%2fpasswd',
		'/media'
	];
	for (const template of refused) {
		it(`answers 404 for ${template} and never serves the file`, async () => {
			const path = template.replace('OWNER', String(owner.user.id));
			const response = await get(path, other.auth);
			expect(response.status).toBe(404);
			const text = await response.text();
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain('root:');
		});
	}

	for (const path of ['/media/profile-images/../x', '/media/profile-images/../../secret.txt', '/media/../secret.txt']) {
		it(`answers 404 and never a file outside the pattern for the raw path ${path}`, async () => {
			const { status, text } = await rawGet(path, other.token);
			expect(status).toBe(404);
			expect(text).not.toContain(SECRET);
		});
	}
});
