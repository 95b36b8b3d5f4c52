import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import type { SelfUser } from '../../src/lib/server/users/users.dto';
import { recordStoredFile } from '../../src/lib/server/storage/stored-files.repository';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
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

	it('answers 404 to an anonymous request, as to a stranger', async () => {
		const response = await get(imageUrl);
		expect(response.status).toBe(404);
		expect(await response.text()).not.toContain('JFIF');
	});

	it('answers 404 to a token whose session has logged out', async () => {
		const leaving = await signUpVerified(app);
		expect((await get(imageUrl, leaving.auth)).status).toBe(200);
		await app.fetch('/api/auth/logout', { method: 'POST', headers: leaving.auth });
		expect((await get(imageUrl, leaving.auth)).status).toBe(404);
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

	it('answers 404 to an anonymous range request', async () => {
		expect((await get(imageUrl, { range: 'bytes=0-99' })).status).toBe(404);
	});
});

describe('paths without a stored record', () => {
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
		it(`answers 404 and never a file without a record for the raw path ${path}`, async () => {
			const { status, text } = await rawGet(path, other.token);
			expect(status).toBe(404);
			expect(text).not.toContain(SECRET);
		});
	}
});

describe('profile pictures are recorded as stored files', () => {
	it('records both files with their owner, kind, type and size', async () => {
		const rows = await app.ctx.db
			.selectFrom('stored_files')
			.selectAll()
			.where('owner_id', '=', owner.user.id)
			.orderBy('key')
			.execute();
		expect(rows.map((row) => [row.key, row.kind, row.content_type, row.video_id])).toEqual([
			[`profile-images/${owner.user.id}/profile.jpg`, 'profile_image', 'image/jpeg', null],
			[`profile-images/${owner.user.id}/thumbnail.jpg`, 'profile_thumbnail', 'image/jpeg', null]
		]);
		expect(Number(rows[0]?.size)).toBe(full.length);
	});

	it('forgets the records and stops serving the picture when it is removed', async () => {
		const leaving = await signUpVerified(app);
		const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2060c0' } }).png().toBuffer();
		const form = new FormData();
		form.set('image', new File([png], 'me.png', { type: 'image/png' }));
		const uploaded = await app.fetch('/api/users/profile', { method: 'PUT', headers: { origin: app.url, ...leaving.auth }, body: form });
		const { user } = (await uploaded.json()) as { user: SelfUser };
		expect((await get(user.profileImageUrl!, other.auth)).status).toBe(200);

		const removed = await app.fetch('/api/users/profile/image', { method: 'DELETE', headers: { origin: app.url, ...leaving.auth } });
		expect(removed.status).toBe(200);
		const rows = await app.ctx.db.selectFrom('stored_files').select('key').where('owner_id', '=', leaving.user.id).execute();
		expect(rows).toEqual([]);
		expect((await get(user.profileImageUrl!, other.auth)).status).toBe(404);
	});
});

describe("a video's files on /media", () => {
	let shared: SignedInUser;
	let stranger: SignedInUser;
	let videoKey: string;
	let playlistKey: string;
	let publicKey: string;
	const movie = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff));
	const playlist = '#EXTM3U\n#EXT-X-VERSION:7\n';

	beforeAll(async () => {
		shared = await signUpVerified(app);
		stranger = await signUpVerified(app);
		const video = await insertVideo(app.ctx.db, owner.user.id, { sharedWith: [shared.user.id] });
		const open = await insertVideo(app.ctx.db, owner.user.id, { isPublic: true });
		videoKey = `videos/${owner.user.id}/${video}/hd.mp4`;
		playlistKey = `videos/${owner.user.id}/${video}/master.m3u8`;
		publicKey = `videos/${owner.user.id}/${open}/hd.mp4`;
		const store = async (key: string, videoId: number, kind: 'video_rendition' | 'video_playlist', body: Uint8Array, contentType: string) => {
			await app.ctx.storage.put(key, body, { contentType });
			await recordStoredFile(app.ctx.db, { key, owner_id: owner.user.id, kind, video_id: videoId, content_type: contentType, size: body.byteLength });
		};
		await store(videoKey, video, 'video_rendition', movie, 'video/mp4');
		await store(playlistKey, video, 'video_playlist', new TextEncoder().encode(playlist), 'application/vnd.apple.mpegurl');
		await store(publicKey, open, 'video_rendition', movie, 'video/mp4');
	});

	it('serves them to the owner and to the user the video is shared with', async () => {
		for (const user of [owner, shared]) {
			const response = await get(`/media/${videoKey}`, user.auth);
			expect(response.status).toBe(200);
			expect(Buffer.from(await response.arrayBuffer()).equals(movie)).toBe(true);
		}
	});

	it('answers a stranger and an anonymous request the same 404, with no bytes', async () => {
		const hidden = await get(`/media/${videoKey}`, stranger.auth);
		expect(hidden.status).toBe(404);
		const strangerError = await errorOf(hidden);
		expect(strangerError.code).toBe('not_found');
		const anonymous = await get(`/media/${videoKey}`);
		expect(anonymous.status).toBe(404);
		expect(await errorOf(anonymous)).toEqual(strangerError);
	});

	it('serves a public video to a signed-in stranger, never to the anonymous', async () => {
		expect((await get(`/media/${publicKey}`, stranger.auth)).status).toBe(200);
		expect((await get(`/media/${publicKey}`)).status).toBe(404);
	});

	it('stops serving the shared user when the share is removed', async () => {
		const video = await insertVideo(app.ctx.db, owner.user.id, { sharedWith: [stranger.user.id] });
		const key = `videos/${owner.user.id}/${video}/thumbnail.jpg`;
		await app.ctx.storage.put(key, full, { contentType: 'image/jpeg' });
		await recordStoredFile(app.ctx.db, { key, owner_id: owner.user.id, kind: 'video_thumbnail', video_id: video, content_type: 'image/jpeg', size: full.length });
		expect((await get(`/media/${key}`, stranger.auth)).status).toBe(200);
		await app.ctx.db.deleteFrom('video_sharing').where('video_id', '=', video).execute();
		expect((await get(`/media/${key}`, stranger.auth)).status).toBe(404);
	});

	it('sends the content type each file was stored with', async () => {
		const response = await get(`/media/${playlistKey}`, shared.auth);
		expect(response.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
		expect(await response.text()).toBe(playlist);
		expect((await get(`/media/${videoKey}`, shared.auth)).headers.get('content-type')).toBe('video/mp4');
	});

	it('answers a range of a video with 206 and exactly those bytes', async () => {
		const response = await get(`/media/${videoKey}`, { ...shared.auth, range: 'bytes=1000-1999' });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes 1000-1999/${movie.length}`);
		expect(response.headers.get('content-type')).toBe('video/mp4');
		expect(Buffer.from(await response.arrayBuffer()).equals(movie.subarray(1000, 2000))).toBe(true);
	});

	it('answers a multi-range request with the whole file', async () => {
		const response = await get(`/media/${videoKey}`, { ...shared.auth, range: 'bytes=0-9,20-29' });
		expect(response.status).toBe(200);
		expect(Buffer.from(await response.arrayBuffer()).equals(movie)).toBe(true);
	});

	describe('signed URLs', () => {
		const signed = (key: string, seconds = 60) => app.ctx.storage.signedUrl(key, { expiresInSeconds: seconds });

		it('serve the file without a session, with its type and ranges', async () => {
			const url = await signed(videoKey);
			const response = await get(url);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('video/mp4');
			expect(Buffer.from(await response.arrayBuffer()).equals(movie)).toBe(true);
			const ranged = await get(url, { range: 'bytes=-100' });
			expect(ranged.status).toBe(206);
			expect(Buffer.from(await ranged.arrayBuffer()).equals(movie.subarray(-100))).toBe(true);
		});

		it('answer 403 link_expired once expired', async () => {
			const response = await get(await signed(videoKey, -5));
			expect(response.status).toBe(403);
			expect((await errorOf(response)).code).toBe('link_expired');
		});

		it('answer 403 invalid_signature when the signature, expiry or key was changed', async () => {
			const url = new URL(await signed(videoKey), app.url);
			const tamperedSignature = new URL(url);
			tamperedSignature.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(0, -2)}xx`);
			const longer = new URL(url);
			longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400));
			const otherFile = new URL(url);
			otherFile.pathname = `/media/${playlistKey}`;
			for (const tampered of [tamperedSignature, longer, otherFile]) {
				const response = await get(tampered.pathname + tampered.search);
				expect(response.status).toBe(403);
				const body = await response.text();
				expect(JSON.parse(body).error.code).toBe('invalid_signature');
				expect(body).not.toContain('EXTM3U');
			}
		});

		it('answer 404 for a signed key that has no stored record', async () => {
			await app.ctx.storage.put('videos/1/2/unrecorded.mp4', movie, { contentType: 'video/mp4' });
			expect((await get(await signed('videos/1/2/unrecorded.mp4'))).status).toBe(404);
		});
	});
});
