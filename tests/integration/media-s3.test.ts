import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import sharp from 'sharp';
import { S3Storage } from '../../src/lib/server/storage/s3-storage';
import type { SelfUser } from '../../src/lib/server/users/users.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { startTestS3, type TestS3 } from '../helpers/s3';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The app with S3_BUCKET set: profile pictures land in the bucket, /media streams them back.
let s3: TestS3;
let app: TestApp;
let owner: SignedInUser;
let other: SignedInUser;
let imageUrl: string;

beforeAll(async () => {
	s3 = await startTestS3();
	app = await startTestApp({ s3: s3.config });
	owner = await signUpVerified(app);
	other = await signUpVerified(app);
	const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#30a050' } }).png().toBuffer();
	const form = new FormData();
	form.set('image', new File([png], 'photo.png', { type: 'image/png' }));
	const response = await app.fetch('/api/users/profile', { method: 'PUT', headers: { origin: app.url, ...owner.auth }, body: form });
	imageUrl = ((await response.json()) as { user: SelfUser }).user.profileImageUrl!;
});
afterAll(async () => {
	await app.stop();
	await s3.stop();
});

describe('/media on S3 storage', () => {
	it('stores the profile picture in the bucket', async () => {
		expect(app.ctx.storage).toBeInstanceOf(S3Storage);
		const head = await app.ctx.storage.head(`profile-images/${owner.user.id}/profile.jpg`);
		expect(head).toMatchObject({ contentType: 'image/jpeg' });
		expect(head!.size).toBeGreaterThan(100);
	});

	it('streams the picture from the bucket to a signed-in user, whole and by range', async () => {
		const whole = await app.fetch(imageUrl, { headers: other.auth });
		expect(whole.status).toBe(200);
		expect(whole.headers.get('content-type')).toBe('image/jpeg');
		const bytes = Buffer.from(await whole.arrayBuffer());
		expect((await sharp(bytes).metadata()).width).toBe(512);
		const part = await app.fetch(imageUrl, { headers: { ...other.auth, range: 'bytes=10-19' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
		expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
	});

	it('answers 404 to an anonymous request and 416 past the end', async () => {
		expect((await app.fetch(imageUrl)).status).toBe(404);
		const past = await app.fetch(imageUrl, { headers: { ...other.auth, range: 'bytes=99999999-' } });
		expect(past.status).toBe(416);
	});

	it('removes the picture from the bucket when the user removes it', async () => {
		const removed = await app.fetch('/api/users/profile/image', { method: 'DELETE', headers: { origin: app.url, ...owner.auth } });
		expect(removed.status).toBe(200);
		expect(await app.ctx.storage.list(`profile-images/${owner.user.id}/`)).toEqual([]);
		expect((await app.fetch(imageUrl, { headers: other.auth })).status).toBe(404);
	});
});
