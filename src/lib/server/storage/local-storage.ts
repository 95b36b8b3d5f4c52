import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkMediaSignature, signMediaPath, type SignatureCheck } from './signed-url';
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

// Neither name can be a key (a key's first segment is [a-z0-9-]+), so neither is ever served or listed.
const TEMPORARY_FOLDER = '.tmp';
const SIGNING_KEY_FILE = '.signing-key';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files under DATA_DIR/media. Writes land in `.tmp/` first and are renamed into place, so a
 * reader never sees half a file. The signing secret lives in the same folder, so every node that
 * shares the folder signs and checks URLs alike.
 */
export class LocalStorage implements Storage {
	readonly root: string;
	#secret: Promise<Uint8Array> | undefined;

	constructor(root: string) {
		this.root = resolve(root);
	}

	#path(key: string): string {
		assertSafeKey(key);
		const path = resolve(join(this.root, key));
		if (!path.startsWith(this.root + sep)) throw new Error(`Unsafe storage key: ${key}`);
		return path;
	}

	/** Writes through a temporary file in the same file system, then renames it into place. */
	async #write(key: string, write: (temporary: string) => Promise<void>): Promise<void> {
		const path = this.#path(key);
		const folder = join(this.root, TEMPORARY_FOLDER);
		await Promise.all([mkdir(dirname(path), { recursive: true }), mkdir(folder, { recursive: true })]);
		const temporary = join(folder, crypto.randomUUID());
		try {
			await write(temporary);
			await rename(temporary, path);
		} catch (error) {
			await rm(temporary, { force: true });
			throw error;
		}
	}

	put(key: string, body: Uint8Array, _options: PutOptions): Promise<void> {
		return this.#write(key, (temporary) => writeFile(temporary, body));
	}

	putStream(key: string, body: ByteStream, _options: PutOptions): Promise<void> {
		const source = toNodeReadable(body);
		return this.#write(key, (temporary) => pipeline(source, createWriteStream(temporary)));
	}

	putFile(key: string, path: string, _options: PutOptions): Promise<void> {
		return this.#write(key, (temporary) => copyFile(path, temporary));
	}

	async head(key: string): Promise<StoredObjectInfo | undefined> {
		const path = this.#path(key);
		try {
			const info = await stat(path);
			return info.isFile() ? { key, size: info.size, modifiedAt: info.mtime } : undefined;
		} catch (error) {
			if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
			throw error;
		}
	}

	async read(key: string, range?: { start: number; end: number }): Promise<StoredObjectBody | undefined> {
		const info = await this.head(key);
		if (!info) return undefined;
		const file = Bun.file(this.#path(key));
		if (!range) return { body: file.stream(), size: info.size, length: info.size };
		if (range.start < 0 || range.end < range.start || range.end >= info.size) {
			throw new RangeError(`Range ${range.start}-${range.end} is outside 0-${info.size - 1}`);
		}
		// A slice of a Bun file is read lazily, chunk by chunk.
		return { body: file.slice(range.start, range.end + 1).stream(), size: info.size, length: range.end - range.start + 1 };
	}

	async delete(key: string): Promise<void> {
		await rm(this.#path(key), { force: true });
	}

	async deletePrefix(prefix: string): Promise<void> {
		assertSafePrefix(prefix);
		await rm(join(this.root, prefix), { recursive: true, force: true });
	}

	async list(prefix: string): Promise<StoredObjectInfo[]> {
		assertSafePrefix(prefix);
		const folder = join(this.root, prefix);
		let names: string[];
		try {
			names = await readdir(folder, { recursive: true });
		} catch (error) {
			if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
			throw error;
		}
		const found: StoredObjectInfo[] = [];
		for (const name of names) {
			const key = relative(this.root, join(folder, name)).split(sep).join('/');
			const info = await this.head(key).catch(() => undefined);
			if (info) found.push(info);
		}
		return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	}

	async signedUrl(key: string, options: { expiresInSeconds: number }): Promise<string> {
		assertSafeKey(key);
		return signMediaPath(await this.#signingSecret(), key, new Date(Date.now() + options.expiresInSeconds * 1000));
	}

	async checkSignature(key: string, query: URLSearchParams): Promise<SignatureCheck> {
		return checkMediaSignature(await this.#signingSecret(), key, query);
	}

	/** A random secret made once per media folder; processes racing to make it all keep the first. */
	#signingSecret(): Promise<Uint8Array> {
		this.#secret ??= (async () => {
			const path = join(this.root, SIGNING_KEY_FILE);
			const temporary = join(this.root, TEMPORARY_FOLDER, crypto.randomUUID());
			await mkdir(dirname(temporary), { recursive: true });
			await writeFile(temporary, randomBytes(32).toString('base64url'), { mode: 0o600 });
			try {
				// link() fails when the file exists, so the secret appears whole and only once.
				await link(temporary, path);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			} finally {
				await rm(temporary, { force: true });
			}
			return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
		})();
		return this.#secret;
	}
}
