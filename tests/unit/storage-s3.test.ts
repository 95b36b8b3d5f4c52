import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { loadConfig } from '../../src/lib/server/config';
import { createStorage } from '../../src/lib/server/storage/create-storage';
import { LocalStorage } from '../../src/lib/server/storage/local-storage';
import { S3Storage } from '../../src/lib/server/storage/s3-storage';
import { startTestS3, type TestS3 } from '../helpers/s3';
import { storageContract } from '../helpers/storage-contract';

let s3: TestS3;
let storage: S3Storage;
beforeAll(async () => {
	s3 = await startTestS3();
	storage = new S3Storage(s3.config);
});
afterAll(async () => {
	storage.client.destroy();
	await s3.stop();
});

storageContract('S3Storage on s3rver', () => storage);

describe('S3Storage', () => {
	it('keeps the content type it was given', async () => {
		await storage.put('videos/1/2/master.m3u8', new TextEncoder().encode('#EXTM3U\n'), {
			contentType: 'application/vnd.apple.mpegurl'
		});
		expect((await storage.head('videos/1/2/master.m3u8'))?.contentType).toBe('application/vnd.apple.mpegurl');
	});

	// s3rver lets anonymous requests read and does not check the signature itself (only the
	// expiry), so here a presigned URL can only be shown to address the right object.
	it('presigns a GET on the bucket that fetches the object', async () => {
		await storage.put('videos/1/2/thumbnail.jpg', new TextEncoder().encode('jpeg bytes'), { contentType: 'image/jpeg' });
		const url = await storage.signedUrl('videos/1/2/thumbnail.jpg', { expiresInSeconds: 60 });
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('jpeg bytes');
		const signed = new URL(url);
		expect(signed.origin).toBe(s3.config.endpoint!);
		expect(signed.pathname).toBe(`/${s3.config.bucket}/videos/1/2/thumbnail.jpg`);
		expect(signed.searchParams.get('X-Amz-Expires')).toBe('60');
		expect(signed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
	});

	it('treats signature parameters on a /media URL as invalid, since its signed URLs point at the bucket', async () => {
		expect(await storage.checkSignature('videos/1/2/thumbnail.jpg', new URLSearchParams('expires=1&signature=x'))).toBe('invalid');
		expect(await storage.checkSignature('videos/1/2/thumbnail.jpg', new URLSearchParams('v=1'))).toBe('absent');
	});
});

describe('S3 settings', () => {
	it('reads every S3 variable, with us-east-1 and virtual-hosted style by default', () => {
		expect(loadConfig({ ...s3.env }).s3).toEqual({ ...s3.config });
		expect(loadConfig({ S3_BUCKET: 'media' }).s3).toEqual({
			bucket: 'media',
			endpoint: undefined,
			region: 'us-east-1',
			accessKeyId: undefined,
			secretAccessKey: undefined,
			forcePathStyle: false
		});
		expect(loadConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000' }).s3).toBeUndefined();
		expect(() => loadConfig({ S3_BUCKET: 'media', S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
	});
});

describe('createStorage', () => {
	it('selects S3 when S3_BUCKET is set, and the local folder otherwise', () => {
		const withBucket = createStorage(loadConfig({ DATA_DIR: '/tmp/x', ...s3.env }));
		expect(withBucket).toBeInstanceOf(S3Storage);
		(withBucket as S3Storage).client.destroy();
		expect(createStorage(loadConfig({ DATA_DIR: '/tmp/x' }))).toBeInstanceOf(LocalStorage);
	});
});
