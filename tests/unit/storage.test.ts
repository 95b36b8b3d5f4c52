import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSafeKey, LocalStorage } from '../../src/lib/server/storage/storage';

let dir: string;
let storage: LocalStorage;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'classcast-storage-'));
	storage = new LocalStorage(join(dir, 'media'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

describe('LocalStorage', () => {
	it('stores a file under its key and reads it back with its size', async () => {
		await storage.put('profile-images/7/profile.jpg', bytes('seven'), 'image/jpeg');
		const stored = await storage.get('profile-images/7/profile.jpg');
		expect(stored?.size).toBe(5);
		expect(await stored?.file.text()).toBe('seven');
		expect(await Bun.file(join(dir, 'media/profile-images/7/profile.jpg')).text()).toBe('seven');
	});

	it('replaces a file and leaves no temporary files behind', async () => {
		await storage.put('profile-images/8/profile.jpg', bytes('first'), 'image/jpeg');
		await storage.put('profile-images/8/profile.jpg', bytes('second version'), 'image/jpeg');
		expect(await (await storage.get('profile-images/8/profile.jpg'))?.file.text()).toBe('second version');
		expect(await readdir(join(dir, 'media/profile-images/8'))).toEqual(['profile.jpg']);
	});

	it('deletes a file, after which get answers undefined', async () => {
		await storage.put('profile-images/9/thumbnail.jpg', bytes('thumb'), 'image/jpeg');
		await storage.delete('profile-images/9/thumbnail.jpg');
		expect(await storage.get('profile-images/9/thumbnail.jpg')).toBeUndefined();
	});

	it('deletes a missing key without error', async () => {
		await storage.delete('profile-images/404/profile.jpg');
	});

	it('answers undefined for a missing key', async () => {
		expect(await storage.get('profile-images/12345/profile.jpg')).toBeUndefined();
	});

	it('answers undefined for a key that names a folder', async () => {
		await storage.put('videos/1/2/original.mp4', bytes('video'), 'video/mp4');
		expect(await storage.get('videos/1')).toBeUndefined();
	});

	const unsafe = [
		'../outside.txt',
		'profile-images/../../outside.txt',
		'profile-images/1/../../../etc/passwd',
		'profile-images/./1/profile.jpg',
		'profile-images/1/..',
		'/etc/passwd',
		'/profile-images/1/profile.jpg',
		'profile-images\\1\\profile.jpg',
		'profile-images/1\\..\\..\\x.jpg',
		'profile-images//profile.jpg',
		'profile-images/1/',
		'profile-images',
		'',
		'profile-images/1/pro file.jpg',
		'profile-images/1/%2e%2e'
	];
	for (const key of unsafe) {
		it(`refuses the unsafe key ${JSON.stringify(key)} on put, get and delete`, async () => {
			expect(() => assertSafeKey(key)).toThrow(/Unsafe storage key/);
			await expect(storage.put(key, bytes('x'), 'text/plain')).rejects.toThrow(/Unsafe storage key/);
			await expect(storage.get(key)).rejects.toThrow(/Unsafe storage key/);
			await expect(storage.delete(key)).rejects.toThrow(/Unsafe storage key/);
		});
	}

	it('never reads a file outside its root, even one that exists', async () => {
		await writeFile(join(dir, 'secret.txt'), 'secret');
		await expect(storage.get('../secret.txt')).rejects.toThrow(/Unsafe storage key/);
		await expect(storage.get('media/../secret.txt')).rejects.toThrow(/Unsafe storage key/);
	});
});
