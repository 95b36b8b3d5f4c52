import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStorage } from '../../src/lib/server/storage/local-storage';
import { assertSafeKey } from '../../src/lib/server/storage/storage';
import { storageContract } from '../helpers/storage-contract';

let dir: string;
let storage: LocalStorage;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'classcast-storage-'));
	storage = new LocalStorage(join(dir, 'media'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

storageContract('LocalStorage', () => storage);

describe('LocalStorage on disk', () => {
	it('keeps an object as a file under its key', async () => {
		await storage.put('profile-images/7/profile.jpg', bytes('seven'), { contentType: 'image/jpeg' });
		expect(await Bun.file(join(dir, 'media/profile-images/7/profile.jpg')).text()).toBe('seven');
	});

	it('leaves no temporary files beside a replaced object, nor in its temporary folder', async () => {
		await storage.put('profile-images/8/profile.jpg', bytes('first'), { contentType: 'image/jpeg' });
		await storage.put('profile-images/8/profile.jpg', bytes('second'), { contentType: 'image/jpeg' });
		expect(await readdir(join(dir, 'media/profile-images/8'))).toEqual(['profile.jpg']);
		expect(await readdir(join(dir, 'media/.tmp'))).toEqual([]);
	});

	it('leaves nothing behind when a stream fails half way', async () => {
		const failing = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(bytes('half'));
				controller.error(new Error('connection dropped'));
			}
		});
		await expect(storage.putStream('videos/9/9/original.mp4', failing, { contentType: 'video/mp4' })).rejects.toThrow();
		expect(await storage.head('videos/9/9/original.mp4')).toBeUndefined();
		expect(await readdir(join(dir, 'media/.tmp'))).toEqual([]);
	});

	it('answers undefined for a key that names a folder', async () => {
		await storage.put('videos/1/2/original.mp4', bytes('video'), { contentType: 'video/mp4' });
		expect(await storage.head('videos/1/2')).toBeUndefined();
		expect(await storage.read('videos/1/2')).toBeUndefined();
	});

	it('refuses a range outside the object', async () => {
		await storage.put('videos/1/3/a.bin', bytes('0123456789'), { contentType: 'application/octet-stream' });
		await expect(storage.read('videos/1/3/a.bin', { start: 5, end: 10 })).rejects.toThrow(RangeError);
		await expect(storage.read('videos/1/3/a.bin', { start: 5, end: 4 })).rejects.toThrow(RangeError);
	});

	it('never reads a file outside its root, even one that exists', async () => {
		await writeFile(join(dir, 'secret.txt'), 'secret');
		await expect(storage.read('../secret.txt')).rejects.toThrow(/Unsafe storage key/);
		await expect(storage.head('media/../secret.txt')).rejects.toThrow(/Unsafe storage key/);
		expect(() => assertSafeKey('profile-images/1\\..\\..\\x.jpg')).toThrow(/Unsafe storage key/);
	});

	it('never lists its signing secret or temporary folder', async () => {
		await storage.signedUrl('videos/1/2/original.mp4', { expiresInSeconds: 60 });
		const everything = [...(await storage.list('videos/')), ...(await storage.list('profile-images/'))];
		expect(everything.length).toBeGreaterThan(0);
		expect(everything.some((o) => o.key.includes('.signing-key') || o.key.includes('.tmp'))).toBe(false);
	});
});

describe('LocalStorage signed URLs', () => {
	const signedQuery = async (key: string, seconds = 60) => {
		const url = new URL(await storage.signedUrl(key, { expiresInSeconds: seconds }), 'http://x');
		return { path: url.pathname, query: url.searchParams };
	};

	it('signs a /media path that its own check accepts for that key only', async () => {
		const { path, query } = await signedQuery('videos/1/2/original.mp4');
		expect(path).toBe('/media/videos/1/2/original.mp4');
		expect(await storage.checkSignature('videos/1/2/original.mp4', query)).toBe('valid');
		expect(await storage.checkSignature('videos/1/2/hd.mp4', query)).toBe('invalid');
	});

	it('reports an expired signature as expired', async () => {
		const { query } = await signedQuery('videos/1/2/original.mp4', -1);
		expect(await storage.checkSignature('videos/1/2/original.mp4', query)).toBe('expired');
	});

	it('shares its secret with another instance on the same folder, and not with another folder', async () => {
		const { query } = await signedQuery('videos/1/2/original.mp4');
		expect(await new LocalStorage(join(dir, 'media')).checkSignature('videos/1/2/original.mp4', query)).toBe('valid');
		expect(await new LocalStorage(join(dir, 'elsewhere')).checkSignature('videos/1/2/original.mp4', query)).toBe('invalid');
	});
});
