/**
 * Kysely table types for migrations/2026_12_01_000005_stored_files.ts; keep in step with it.
 */
import type { Insertable, Selectable } from 'kysely';
import type { CreatedTimestamp, NullableTimestamp } from './schema.content';

/** What a stored object is; `video_*` kinds belong to a video, the others to their owner. */
export type StoredFileKind =
	| 'profile_image'
	| 'profile_thumbnail'
	| 'video_original'
	| 'video_rendition'
	| 'video_playlist'
	| 'video_thumbnail';

export interface StoredFilesTable {
	/** the storage key, e.g. `videos/{userId}/{videoId}/hd.mp4` */
	key: string;
	owner_id: number;
	kind: StoredFileKind;
	video_id: number | null;
	content_type: string;
	/** bytes; bigint, read as a number on both drivers (see database.ts) */
	size: number;
	created_at: CreatedTimestamp;
}

export interface ReviewSessionInviteesTable {
	session_id: number;
	user_id: number;
	invited_at: CreatedTimestamp;
}

/** Who joined a co-review session (migration 000009): the session's record is made of these. */
export interface ReviewSessionParticipantsTable {
	session_id: number;
	user_id: number;
	first_joined_at: CreatedTimestamp;
	last_seen_at: CreatedTimestamp;
	/** When their last connection dropped (not a deliberate leave); null while here or gone on purpose (000014). */
	dropped_at: NullableTimestamp;
}

export interface StorageTables {
	stored_files: StoredFilesTable;
	review_session_invitees: ReviewSessionInviteesTable;
	review_session_participants: ReviewSessionParticipantsTable;
}

export type StoredFileRow = Selectable<StoredFilesTable>;
export type NewStoredFile = Insertable<StoredFilesTable>;
