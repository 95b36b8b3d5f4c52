/**
 * The video pipeline: what a video row needs to tell its story (status reason, transcode
 * progress, dimensions, the keys of its master playlist, thumbnail and original, its renditions)
 * and the tus uploads it is made from.
 *
 *  - uploads: one row per tus upload (its id is the tus id), so that who owns an upload, how far
 *    it got, whether it completed and whether a video claimed it are facts in the database, and
 *    "abandoned after a day" is a query. `offset` mirrors the bytes received.
 *  - videos.upload_id is unique: an upload becomes at most one video.
 *  - videos.progress is 0..1 of the transcode; renditions is a JSON array of
 *    {name, width, height, bandwidth, key}.
 *  - Listing indexes: a user's videos newest first, and the videos shared with a user newest
 *    share first. Both lists page by id (serial, so in creation order): a keyset cursor on a
 *    timestamptz would lose its microseconds in a JS Date and repeat or skip rows.
 *
 * stored_files.kind already accepts `video_original` (CHECK `^(profile|video)_[a-z0-9_]+$`).
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('uploads')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('size', 'bigint', (col) => col.notNull().check(sql`size >= 0`))
		.addColumn('offset', 'bigint', (col) => col.notNull().defaultTo(0).check(sql`"offset" >= 0 and "offset" <= size`))
		.addColumn('filename', 'varchar(255)')
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('completed_at', 'timestamptz')
		.addColumn('claimed_at', 'timestamptz')
		.addCheckConstraint('uploads_claim_after_completion_check', sql`claimed_at is null or completed_at is not null`)
		.execute();
	await db.schema.createIndex('idx_uploads_user_id').on('uploads').column('user_id').execute();
	// The purge looks for unclaimed uploads by age.
	await db.schema
		.createIndex('idx_uploads_unclaimed_created_at')
		.on('uploads')
		.column('created_at')
		.where(sql.ref('claimed_at'), 'is', null)
		.execute();

	await db.schema
		.alterTable('videos')
		.addColumn('error_reason', 'text')
		.addColumn('progress', 'real', (col) => col.notNull().defaultTo(0).check(sql`progress >= 0 and progress <= 1`))
		.addColumn('width', 'integer')
		.addColumn('height', 'integer')
		.addColumn('playlist_key', 'text')
		.addColumn('thumbnail_key', 'text')
		.addColumn('renditions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('original_key', 'text')
		.addColumn('upload_id', 'text', (col) => col.unique())
		.execute();

	await db.schema
		.createIndex('idx_videos_user_id_id')
		.on('videos')
		.expression(sql`user_id, id desc`)
		.execute();
	await db.schema
		.createIndex('idx_video_sharing_user_id_id')
		.on('video_sharing')
		.expression(sql`user_id, id desc`)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('idx_video_sharing_user_id_id').ifExists().execute();
	await db.schema.dropIndex('idx_videos_user_id_id').ifExists().execute();
	await db.schema
		.alterTable('videos')
		.dropColumn('error_reason')
		.dropColumn('progress')
		.dropColumn('width')
		.dropColumn('height')
		.dropColumn('playlist_key')
		.dropColumn('thumbnail_key')
		.dropColumn('renditions')
		.dropColumn('original_key')
		.dropColumn('upload_id')
		.execute();
	await db.schema.dropTable('uploads').ifExists().execute();
}
