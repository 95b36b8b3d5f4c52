// Transcodes happen in a folder of their own under the system temp dir, always removed after.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'classcast-transcode-';

/** Creates a folder under the system temp dir for `fn`, and removes it however `fn` ends. */
export async function withWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(join(tmpdir(), PREFIX));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/**
 * A worker killed mid-job never reaches its `finally`: its folder stays. A worker calls this
 * when it starts to remove work folders untouched for longer than any job runs.
 */
export async function sweepStaleWorkDirs(olderThanMs: number, root = tmpdir()): Promise<string[]> {
	const removed: string[] = [];
	for (const name of await readdir(root).catch(() => [] as string[])) {
		if (!name.startsWith(PREFIX)) continue;
		const path = join(root, name);
		const info = await stat(path).catch(() => undefined);
		if (!info?.isDirectory() || Date.now() - info.mtimeMs < olderThanMs) continue;
		await rm(path, { recursive: true, force: true });
		removed.push(path);
	}
	return removed;
}
