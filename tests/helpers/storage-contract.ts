import { describe, expect, it } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Storage } from '../../src/lib/server/storage/storage';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = async (body: ReadableStream<Uint8Array>) => new Response(body).text();
const buffer = async (body: ReadableStream<Uint8Array>) => Buffer.from(await new Response(body).arrayBuffer());

/** Deterministic bytes of a given size, made chunk by chunk. */
function pattern(size: number): Buffer {
	const out = Buffer.alloc(size);
	for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
	return out;
}

function webStream(data: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
	let offset = 0;
	return new ReadableStream({
		pull(controller) {
			if (offset >= data.length) return controller.close();
			controller.enqueue(new Uint8Array(data.subarray(offset, offset + chunk)));
			offset += chunk;
		}
	});
}

const unsafeKeys = [
	'../outside.txt',
	'profile-images/../../outside.txt',
	'profile-images/1/../../../etc/passwd',
	'profile-images/./1/profile.jpg',
	'/etc/passwd',
	'profile-images\\1\\profile.jpg',
	'profile-images//profile.jpg',
	'profile-images/1/',
	'profile-images',
	'',
	'.signing-key',
	'.tmp/x',
	'profile-images/1/pro file.jpg',
	'profile-images/1/%2e%2e'
];

/**
 * The behaviour every Storage must have, run against each implementation. `scope` keeps the
 * keys of one run apart (a test bucket may be shared).
 */
export function storageContract(name: string, make: () => Storage) {
	describe(`${name}: the Storage contract`, () => {
		const s = () => make();
		const scope = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
		const key = (path: string) => `videos/${scope}/${path}`;

		it('stores bytes under a key and reads them back with their size', async () => {
			await s().put(key('1/a.txt'), bytes('seven'), { contentType: 'text/plain' });
			const head = await s().head(key('1/a.txt'));
			expect(head).toMatchObject({ key: key('1/a.txt'), size: 5 });
			expect(head?.modifiedAt).toBeInstanceOf(Date);
			const read = await s().read(key('1/a.txt'));
			expect(read).toMatchObject({ size: 5, length: 5 });
			expect(await text(read!.body)).toBe('seven');
		});

		it('replaces an object stored again under the same key', async () => {
			await s().put(key('1/b.txt'), bytes('first'), { contentType: 'text/plain' });
			await s().put(key('1/b.txt'), bytes('second version'), { contentType: 'text/plain' });
			expect(await text((await s().read(key('1/b.txt')))!.body)).toBe('second version');
		});

		it('stores a web stream larger than one upload part, byte for byte', async () => {
			const data = pattern(9 * 1024 * 1024 + 123);
			await s().putStream(key('2/original.mp4'), webStream(data), { contentType: 'video/mp4' });
			expect((await s().head(key('2/original.mp4')))?.size).toBe(data.length);
			expect((await buffer((await s().read(key('2/original.mp4')))!.body)).equals(data)).toBe(true);
		});

		it('stores a Node stream', async () => {
			const data = pattern(300_000);
			await s().putStream(key('2/node.bin'), Readable.from([data.subarray(0, 1000), data.subarray(1000)]), {
				contentType: 'application/octet-stream'
			});
			expect((await buffer((await s().read(key('2/node.bin')))!.body)).equals(data)).toBe(true);
		});

		it('stores a local file and leaves the file where it was', async () => {
			const dir = await mkdtemp(join(tmpdir(), 'classcast-contract-'));
			try {
				const data = pattern(200_000);
				const path = join(dir, 'source.mp4');
				await writeFile(path, data);
				await s().putFile(key('3/hd.mp4'), path, { contentType: 'video/mp4' });
				expect((await buffer((await s().read(key('3/hd.mp4')))!.body)).equals(data)).toBe(true);
				expect((await Bun.file(path).arrayBuffer()).byteLength).toBe(data.length);
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
		});

		it('reads exactly the bytes start..end of a range, with the whole size', async () => {
			const data = pattern(10_000);
			await s().put(key('4/r.bin'), data, { contentType: 'application/octet-stream' });
			const middle = await s().read(key('4/r.bin'), { start: 100, end: 4099 });
			expect(middle).toMatchObject({ size: 10_000, length: 4000 });
			expect((await buffer(middle!.body)).equals(data.subarray(100, 4100))).toBe(true);
			const last = await s().read(key('4/r.bin'), { start: 9999, end: 9999 });
			expect((await buffer(last!.body)).equals(data.subarray(9999))).toBe(true);
		});

		it('answers undefined for a missing object on head and read', async () => {
			expect(await s().head(key('404/none.txt'))).toBeUndefined();
			expect(await s().read(key('404/none.txt'))).toBeUndefined();
			expect(await s().read(key('404/none.txt'), { start: 0, end: 1 })).toBeUndefined();
		});

		it('deletes an object, and a missing one without error', async () => {
			await s().put(key('5/x.txt'), bytes('x'), { contentType: 'text/plain' });
			await s().delete(key('5/x.txt'));
			expect(await s().head(key('5/x.txt'))).toBeUndefined();
			await s().delete(key('5/x.txt'));
		});

		it('lists a folder prefix in key order, and not the folder whose name only starts the same', async () => {
			for (const path of ['6/b.txt', '6/a.txt', '6/sub/c.txt', '60/other.txt']) {
				await s().put(key(path), bytes(path), { contentType: 'text/plain' });
			}
			const listed = await s().list(`videos/${scope}/6/`);
			expect(listed.map((o) => o.key)).toEqual([key('6/a.txt'), key('6/b.txt'), key('6/sub/c.txt')]);
			expect(listed[0]?.size).toBe(7);
			expect(await s().list(`videos/${scope}/none/`)).toEqual([]);
		});

		it('deletes every object under a prefix and nothing beside it', async () => {
			for (const path of ['7/original.mp4', '7/hls/720p.mp4', '70/keep.mp4']) {
				await s().put(key(path), bytes(path), { contentType: 'video/mp4' });
			}
			await s().deletePrefix(`videos/${scope}/7/`);
			expect(await s().list(`videos/${scope}/7/`)).toEqual([]);
			expect(await s().head(key('70/keep.mp4'))).toMatchObject({ size: 11 });
			await s().deletePrefix(`videos/${scope}/7/`);
		});

		it('refuses a prefix that is not a folder', async () => {
			for (const prefix of ['', '/', 'videos', '../', 'videos/../', 'videos//']) {
				await expect(s().deletePrefix(prefix)).rejects.toThrow(/Unsafe storage prefix/);
				await expect(s().list(prefix)).rejects.toThrow(/Unsafe storage prefix/);
			}
		});

		for (const unsafe of unsafeKeys) {
			it(`refuses the unsafe key ${JSON.stringify(unsafe)} everywhere`, async () => {
				const options = { contentType: 'text/plain' };
				await expect(s().put(unsafe, bytes('x'), options)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().putStream(unsafe, webStream(Buffer.from('x')), options)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().putFile(unsafe, '/etc/hostname', options)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().head(unsafe)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().read(unsafe)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().delete(unsafe)).rejects.toThrow(/Unsafe storage key/);
				await expect(s().signedUrl(unsafe, { expiresInSeconds: 60 })).rejects.toThrow(/Unsafe storage key/);
			});
		}
	});
}
