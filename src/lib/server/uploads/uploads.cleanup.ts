import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../context';
import { deleteUnclaimedUploadsBefore, existingUploadIds } from './uploads.repository';
import { multipartDir, removeUploadFiles, uploadsDir } from './uploads.files';

/** An upload not made into a video within this long is abandoned. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Removes abandoned uploads: rows (and their files) of uploads not claimed by a video within a
 * day, whether they finished or not; files of the uploads folder older than a day that no open
 * upload owns (a user deleted with their rows, a crash between file and row); and multipart
 * temporaries older than a day. Idempotent, so any node (or the job queue) may run it.
 */
export async function purgeAbandonedUploads(ctx: Pick<AppContext, 'db' | 'config'>, now = new Date()): Promise<{ uploads: number; files: number }> {
	const cutoff = new Date(now.getTime() - UPLOAD_TTL_MS);
	const ids = await deleteUnclaimedUploadsBefore(ctx.db, cutoff);
	for (const id of ids) await removeUploadFiles(ctx.config, id);

	let files = 0;
	const dir = uploadsDir(ctx.config);
	const stale = await staleEntries(dir, cutoff);
	const staleIds = [...new Set(stale.filter((n) => !n.startsWith('.')).map((n) => n.replace(/\.json$/, '')))];
	const open = await existingUploadIds(ctx.db, staleIds);
	for (const id of staleIds.filter((i) => !open.has(i))) {
		await removeUploadFiles(ctx.config, id);
		files++;
	}
	const temp = multipartDir(ctx.config);
	for (const name of await staleEntries(temp, cutoff)) {
		await rm(join(temp, name), { force: true });
		files++;
	}
	return { uploads: ids.length, files };
}

/** Names of the plain files in `dir` last written before `cutoff`; none when `dir` is missing. */
async function staleEntries(dir: string, cutoff: Date): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	const stale: string[] = [];
	for (const entry of entries) {
		if (!entry.isFile()) continue;
		const info = await stat(join(dir, entry.name)).catch(() => undefined);
		if (info && info.mtime < cutoff) stale.push(entry.name);
	}
	return stale;
}
