/**
 * Kysely table types for migrations/2026_12_01_000006_video_pipeline.ts; keep in step with it.
 * The new `videos` columns are merged into `VideosTable` (schema.content.ts) by augmentation, so
 * the table keeps one type.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CreatedTimestamp, NullableTimestamp } from './schema.content';

/** One rung of a video's ladder, as stored in `videos.renditions`. */
export interface StoredRendition {
	/** e.g. `360p`, `720p`, `1080p` */
	name: string;
	width: number;
	height: number;
	/** bits per second, as the master playlist's BANDWIDTH */
	bandwidth: number;
	/** storage key of the rendition's MP4 */
	key: string;
}

/** jsonb with a default: written as JSON text (optional on insert), read as the parsed array. */
type RenditionsColumn = ColumnType<StoredRendition[], string | undefined, string>;

export interface VideoPipelineColumns {
	/** Why the video ended `error`, in words a person understands. */
	error_reason: string | null;
	/** 0..1 of the transcode */
	progress: Generated<number>;
	width: number | null;
	height: number | null;
	/** `videos/{u}/{v}/master.m3u8`; null until the video can play */
	playlist_key: string | null;
	thumbnail_key: string | null;
	renditions: RenditionsColumn;
	/** `videos/{u}/{v}/original` */
	original_key: string | null;
	/** The tus upload this video was made from (unique: an upload becomes one video). */
	upload_id: string | null;
}

declare module './schema.content' {
	interface VideosTable extends VideoPipelineColumns {}
}

export interface UploadsTable {
	/** the tus upload id */
	id: string;
	user_id: number;
	/** declared Upload-Length, bytes */
	size: number;
	/** bytes received so far */
	offset: Generated<number>;
	filename: string | null;
	created_at: CreatedTimestamp;
	completed_at: NullableTimestamp;
	claimed_at: NullableTimestamp;
}

export interface VideoPipelineTables {
	uploads: UploadsTable;
}

export type UploadRow = Selectable<UploadsTable>;
export type NewUpload = Insertable<UploadsTable>;
