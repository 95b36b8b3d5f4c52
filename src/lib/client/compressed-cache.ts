// Keeps a compressed video in the origin-private file system until its upload has finished, keyed
// by the original's fingerprint. After a page reload the same original, picked again, finds the
// same compressed bytes (compression is not byte-for-byte repeatable), so tus resumes their upload
// instead of starting over. Best effort: without OPFS, or over quota, nothing is kept.
import { uploadFingerprint } from './upload';

const DIR = 'compressed-uploads';

const keyOf = (original: File) => uploadFingerprint(original).replace(/[^\w.-]+/g, '_').slice(0, 200);

async function folder(): Promise<FileSystemDirectoryHandle | null> {
	try {
		return await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
	} catch {
		return null;
	}
}

/** Entry names: the original's key, then the compressed file's own name. */
const SEPARATOR = '__';

async function entriesFor(dir: FileSystemDirectoryHandle, original: File): Promise<string[]> {
	const prefix = keyOf(original) + SEPARATOR;
	const names: string[] = [];
	for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) if (name.startsWith(prefix)) names.push(name);
	return names;
}

/** The compressed file kept for this original, with the name and date it was uploaded under, or null. */
export async function findCompressed(original: File): Promise<File | null> {
	const dir = await folder();
	if (!dir) return null;
	try {
		const [name] = await entriesFor(dir, original);
		if (!name) return null;
		const stored = await (await dir.getFileHandle(name)).getFile();
		if (stored.size === 0) return null;
		return new File([stored], name.slice(name.indexOf(SEPARATOR) + SEPARATOR.length), { type: 'video/mp4', lastModified: original.lastModified });
	} catch {
		return null;
	}
}

export async function keepCompressed(original: File, compressed: File): Promise<void> {
	const dir = await folder();
	if (!dir) return;
	try {
		await forgetCompressed(original);
		const writable = await (await dir.getFileHandle(keyOf(original) + SEPARATOR + compressed.name, { create: true })).createWritable();
		await writable.write(compressed);
		await writable.close();
	} catch {
		await forgetCompressed(original);
	}
}

export async function forgetCompressed(original: File): Promise<void> {
	const dir = await folder();
	if (!dir) return;
	for (const name of await entriesFor(dir, original).catch(() => [])) await dir.removeEntry(name).catch(() => {});
}
