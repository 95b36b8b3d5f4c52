import type { Database } from '../db/database';
import type { StoredFileKind } from '../db/schema.storage';
import type { ByteStream, Storage } from './storage';
import { deleteStoredFiles, deleteStoredFilesOfVideo, recordStoredFile } from './stored-files.repository';

export interface FileToStore {
	key: string;
	ownerId: number;
	kind: StoredFileKind;
	/** Required for `video_*` kinds, absent for the others (the table checks it). */
	videoId?: number;
	contentType: string;
	/** Bytes in memory, a stream, or the path of a local file (read in chunks, never whole). */
	source: { bytes: Uint8Array } | { stream: ByteStream } | { path: string };
}

/**
 * Stores an object and records it, bytes first: until its row exists /media serves nothing,
 * so a reader never meets a record whose bytes are missing.
 */
export async function storeRecordedFile(deps: { db: Database; storage: Storage }, file: FileToStore): Promise<void> {
	const options = { contentType: file.contentType };
	if ('bytes' in file.source) await deps.storage.put(file.key, file.source.bytes, options);
	else if ('stream' in file.source) await deps.storage.putStream(file.key, file.source.stream, options);
	else await deps.storage.putFile(file.key, file.source.path, options);
	const info = await deps.storage.head(file.key);
	await recordStoredFile(deps.db, {
		key: file.key,
		owner_id: file.ownerId,
		kind: file.kind,
		video_id: file.videoId ?? null,
		content_type: file.contentType,
		size: info?.size ?? 0
	});
}

/** Forgets an object, then removes its bytes, so /media stops serving it first. */
export async function removeRecordedFile(deps: { db: Database; storage: Storage }, key: string): Promise<void> {
	await deleteStoredFiles(deps.db, [key]);
	await deps.storage.delete(key);
}

/** Every file of a video: its records, then its folder `videos/{userId}/{videoId}/`. */
export async function removeVideoFiles(
	deps: { db: Database; storage: Storage },
	video: { id: number; userId: number }
): Promise<void> {
	await deleteStoredFilesOfVideo(deps.db, video.id);
	await deps.storage.deletePrefix(`videos/${video.userId}/${video.id}/`);
}
