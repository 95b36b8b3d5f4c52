import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import type { SignatureCheck } from './signed-url';

/** What is known about a stored object without reading it. */
export interface StoredObjectInfo {
	key: string;
	size: number;
	modifiedAt: Date;
	/** The type given when it was stored, where the backend keeps it (S3 does; a folder does not). */
	contentType?: string;
}

/** Bytes of a stored object: the whole object, or `start..end` (inclusive) of it. */
export interface StoredObjectBody {
	body: ReadableStream<Uint8Array>;
	/** The object's whole size. */
	size: number;
	/** How many bytes `body` yields. */
	length: number;
}

export interface PutOptions {
	contentType: string;
}

/** A source too large to hold in memory: a web or Node stream. */
export type ByteStream = ReadableStream<Uint8Array> | Readable;

/**
 * Where media lives. Keys follow the seed's layout, e.g. `profile-images/{userId}/profile.jpg`,
 * `videos/{userId}/{videoId}/original.mp4`. Writes are atomic: a reader sees the old object or
 * the new one, never half of it. Every method refuses an unsafe key by throwing.
 */
export interface Storage {
	put(key: string, body: Uint8Array, options: PutOptions): Promise<void>;
	/** Stores a stream without holding it in memory. */
	putStream(key: string, body: ByteStream, options: PutOptions): Promise<void>;
	/** Stores a local file (which stays where it is) without reading it into memory. */
	putFile(key: string, path: string, options: PutOptions): Promise<void>;
	/** Size and date of an object, or undefined when it does not exist. */
	head(key: string): Promise<StoredObjectInfo | undefined>;
	/** The object's bytes (`range` inclusive and within its size), or undefined when it does not exist. */
	read(key: string, range?: { start: number; end: number }): Promise<StoredObjectBody | undefined>;
	delete(key: string): Promise<void>;
	/** Deletes every object under a folder prefix such as `videos/{userId}/{videoId}/`. */
	deletePrefix(prefix: string): Promise<void>;
	/** Every object under a folder prefix, in key order. */
	list(prefix: string): Promise<StoredObjectInfo[]>;
	/**
	 * A URL that fetches one object without a session until it expires: a signed `/media/...`
	 * path for the local folder, a presigned GET on the bucket for S3.
	 */
	signedUrl(key: string, options: { expiresInSeconds: number }): Promise<string>;
	/** Checks a `/media` request's signature for `key`; 'invalid' when this backend signs elsewhere. */
	checkSignature(key: string, query: URLSearchParams): Promise<SignatureCheck>;
}

/** A Node stream of either kind of source, for the writers that take one. */
export function toNodeReadable(body: ByteStream): Readable {
	// The DOM and Node typings describe the same web stream differently.
	return body instanceof Readable ? body : Readable.fromWeb(body as unknown as NodeWebReadableStream);
}

const KEY_PATTERN = /^[a-z0-9-]+(\/[A-Za-z0-9._-]+)+$/;
const PREFIX_PATTERN = /^[a-z0-9-]+(\/[A-Za-z0-9._-]+)*\/$/;

const hasDotSegment = (value: string) => value.split('/').some((part) => part === '..' || part === '.');

export function isSafeKey(key: string): boolean {
	return KEY_PATTERN.test(key) && !hasDotSegment(key);
}

export function assertSafeKey(key: string): void {
	if (!isSafeKey(key)) throw new Error(`Unsafe storage key: ${key}`);
}

/** A folder prefix: safe segments ending in `/`, so `videos/1/2/` never matches `videos/1/20/`. */
export function assertSafePrefix(prefix: string): void {
	if (!PREFIX_PATTERN.test(prefix) || hasDotSegment(prefix)) throw new Error(`Unsafe storage prefix: ${prefix}`);
}
