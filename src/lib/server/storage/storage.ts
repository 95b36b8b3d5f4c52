import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where media lives. Keys follow the seed's layout, e.g. `profile-images/{userId}/profile.jpg`. */
export interface Storage {
	put(key: string, body: Uint8Array, contentType: string): Promise<void>;
	/** A readable file with its size, or undefined when the key does not exist. */
	get(key: string): Promise<{ file: Blob; size: number } | undefined>;
	delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9-]+(\/[A-Za-z0-9._-]+)+$/;

export function assertSafeKey(key: string): void {
	if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
		throw new Error(`Unsafe storage key: ${key}`);
	}
}

/** Files under DATA_DIR/media; writes go through a temporary name so readers never see half a file. */
export class LocalStorage implements Storage {
	readonly root: string;
	constructor(root: string) {
		this.root = resolve(root);
	}

	#path(key: string): string {
		assertSafeKey(key);
		const path = resolve(join(this.root, key));
		if (!path.startsWith(this.root + sep)) throw new Error(`Unsafe storage key: ${key}`);
		return path;
	}

	async put(key: string, body: Uint8Array, _contentType: string): Promise<void> {
		const path = this.#path(key);
		await mkdir(dirname(path), { recursive: true });
		const temporary = `${path}.${crypto.randomUUID()}.tmp`;
		await writeFile(temporary, body);
		await rename(temporary, path);
	}

	async get(key: string) {
		const path = this.#path(key);
		try {
			const info = await stat(path);
			if (!info.isFile()) return undefined;
			return { file: Bun.file(path), size: info.size };
		} catch {
			return undefined;
		}
	}

	async delete(key: string): Promise<void> {
		await rm(this.#path(key), { force: true });
	}
}
