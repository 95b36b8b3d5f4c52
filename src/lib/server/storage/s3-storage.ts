import { createReadStream } from 'node:fs';
import {
	DeleteObjectCommand,
	DeleteObjectsCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
	S3ServiceException
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { SignatureCheck } from './signed-url';
import {
	assertSafeKey,
	assertSafePrefix,
	type ByteStream,
	type PutOptions,
	type Storage,
	type StoredObjectBody,
	type StoredObjectInfo,
	toNodeReadable
} from './storage';

export interface S3StorageOptions {
	bucket: string;
	/** For S3-compatible servers (MinIO, R2, s3rver); unset for AWS. */
	endpoint?: string;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	/** `https://host/bucket/key` instead of `https://bucket.host/key`, as most S3-compatible servers need. */
	forcePathStyle: boolean;
}

const isNotFound = (error: unknown) =>
	error instanceof S3ServiceException &&
	(error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);

/** Objects in one S3-compatible bucket under the same keys as the local folder. */
export class S3Storage implements Storage {
	readonly bucket: string;
	readonly client: S3Client;

	constructor(options: S3StorageOptions) {
		this.bucket = options.bucket;
		this.client = new S3Client({
			region: options.region,
			endpoint: options.endpoint,
			forcePathStyle: options.forcePathStyle,
			credentials:
				options.accessKeyId && options.secretAccessKey
					? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
					: undefined,
			// Checksums only where S3 requires them: several S3-compatible servers refuse the newer ones.
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED'
		});
	}

	async put(key: string, body: Uint8Array, options: PutOptions): Promise<void> {
		assertSafeKey(key);
		await this.client.send(
			new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: options.contentType })
		);
	}

	/** A multipart upload in parts of 8 MiB, at most four in flight: memory stays bounded. */
	async putStream(key: string, body: ByteStream, options: PutOptions): Promise<void> {
		assertSafeKey(key);
		const source = toNodeReadable(body);
		const upload = new Upload({
			client: this.client,
			params: { Bucket: this.bucket, Key: key, Body: source, ContentType: options.contentType },
			partSize: 8 * 1024 * 1024,
			queueSize: 4,
			leavePartsOnError: false
		});
		await upload.done();
	}

	async putFile(key: string, path: string, options: PutOptions): Promise<void> {
		assertSafeKey(key);
		await this.putStream(key, createReadStream(path), options);
	}

	async head(key: string): Promise<StoredObjectInfo | undefined> {
		assertSafeKey(key);
		try {
			const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
			return {
				key,
				size: result.ContentLength ?? 0,
				modifiedAt: result.LastModified ?? new Date(0),
				contentType: result.ContentType
			};
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw error;
		}
	}

	async read(key: string, range?: { start: number; end: number }): Promise<StoredObjectBody | undefined> {
		assertSafeKey(key);
		if (range && (range.start < 0 || range.end < range.start)) {
			throw new RangeError(`Range ${range.start}-${range.end} is not valid`);
		}
		try {
			const result = await this.client.send(
				new GetObjectCommand({
					Bucket: this.bucket,
					Key: key,
					Range: range ? `bytes=${range.start}-${range.end}` : undefined
				})
			);
			if (!result.Body) return undefined;
			const length = result.ContentLength ?? 0;
			const total = result.ContentRange?.match(/\/(\d+)$/)?.[1];
			const size = total ? Number(total) : length;
			if (range && range.end >= size) {
				await result.Body.transformToWebStream().cancel();
				throw new RangeError(`Range ${range.start}-${range.end} is outside 0-${size - 1}`);
			}
			return { body: result.Body.transformToWebStream() as ReadableStream<Uint8Array>, size, length };
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw error;
		}
	}

	async delete(key: string): Promise<void> {
		assertSafeKey(key);
		await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
	}

	async deletePrefix(prefix: string): Promise<void> {
		assertSafePrefix(prefix);
		// Listed page by page and deleted a thousand at a time, as DeleteObjects allows.
		for (;;) {
			const page = await this.client.send(
				new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1000 })
			);
			const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
			if (keys.length === 0) return;
			await this.client.send(
				new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } })
			);
			if (!page.IsTruncated) return;
		}
	}

	async list(prefix: string): Promise<StoredObjectInfo[]> {
		assertSafePrefix(prefix);
		const found: StoredObjectInfo[] = [];
		let token: string | undefined;
		do {
			const page = await this.client.send(
				new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })
			);
			for (const object of page.Contents ?? []) {
				if (object.Key) {
					found.push({ key: object.Key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) });
				}
			}
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
		return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	}

	async signedUrl(key: string, options: { expiresInSeconds: number }): Promise<string> {
		assertSafeKey(key);
		return await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
			expiresIn: options.expiresInSeconds
		});
	}

	/** Signed URLs point at the bucket itself, so a signed `/media` URL is never one of ours. */
	async checkSignature(_key: string, query: URLSearchParams): Promise<SignatureCheck> {
		return query.has('expires') || query.has('signature') ? 'invalid' : 'absent';
	}
}
