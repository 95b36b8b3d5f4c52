// The order a transcode's files are stored in, so that nothing published ever points at a file
// that is not there yet: media before the playlist that addresses it, the master last.
import type { TranscodeResult } from './transcode';

/** One file to store under `videos/{userId}/{videoId}/{key}`. */
export interface PublishItem {
	/** local path inside the work folder */
	path: string;
	/** the storage key's last part, e.g. `hd.mp4` */
	key: string;
	contentType: string;
	/** the stored_files kind it is recorded as */
	kind: 'video_rendition' | 'video_playlist' | 'video_thumbnail';
}

export const CONTENT_TYPES = {
	mp4: 'video/mp4',
	m3u8: 'application/vnd.apple.mpegurl',
	jpg: 'image/jpeg'
} as const;

/**
 * Thumbnail, then each rendition's media file before its playlist, then the master playlist.
 * `skip`: keys already stored from the early (onPlayable) list, so they are not stored twice.
 * The master is stored as `master.m3u8` whatever its local name (the early one is written
 * beside the final one so the two never overwrite each other while one is being stored).
 */
export function publishOrder(result: TranscodeResult, options: { skip?: Iterable<string> } = {}): PublishItem[] {
	const items: PublishItem[] = [{ path: result.thumbnail, key: 'thumbnail.jpg', contentType: CONTENT_TYPES.jpg, kind: 'video_thumbnail' }];
	for (const r of result.renditions) {
		items.push({ path: r.file, key: `${r.name}.mp4`, contentType: CONTENT_TYPES.mp4, kind: 'video_rendition' });
		items.push({ path: r.playlist, key: `${r.name}.m3u8`, contentType: CONTENT_TYPES.m3u8, kind: 'video_playlist' });
	}
	const skip = new Set(options.skip);
	const files = items.filter((item) => !skip.has(item.key));
	// The master is always stored again: the final one names every rendition.
	files.push({ path: result.masterPlaylist, key: 'master.m3u8', contentType: CONTENT_TYPES.m3u8, kind: 'video_playlist' });
	return files;
}
