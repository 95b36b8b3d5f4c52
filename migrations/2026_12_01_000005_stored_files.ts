/**
 * stored_files: one row per object in storage, so `/media` decides by what an object belongs to
 * (its owner, its kind, its video) and answers with the type it was stored with, never by
 * reading meaning into its path.
 *
 * review_session_invitees: who the host invited to a co-review session; access needs the fact,
 * and a session's host and invitees must still be able to view its video.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('stored_files')
		.addColumn('key', 'text', (col) => col.primaryKey())
		.addColumn('owner_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
		// e.g. profile_image, profile_thumbnail, video_original, video_rendition, video_playlist, video_thumbnail
		.addColumn('kind', 'varchar(40)', (col) => col.notNull().check(sql`kind ~ '^(profile|video)_[a-z0-9_]+$'`))
		.addColumn('video_id', 'integer', (col) => col.references('videos.id').onDelete('cascade'))
		.addColumn('content_type', 'varchar(255)', (col) => col.notNull())
		.addColumn('size', 'bigint', (col) => col.notNull().check(sql`size >= 0`))
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		// A video's file names its video; nothing else does.
		.addCheckConstraint('stored_files_video_kind_check', sql`(left(kind, 6) = 'video_') = (video_id is not null)`)
		.execute();
	await db.schema.createIndex('idx_stored_files_owner_id').on('stored_files').column('owner_id').execute();
	await db.schema.createIndex('idx_stored_files_video_id').on('stored_files').column('video_id').execute();

	await db.schema
		.createTable('review_session_invitees')
		.addColumn('session_id', 'integer', (col) => col.notNull().references('review_sessions.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('invited_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('review_session_invitees_pkey', ['session_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('idx_review_session_invitees_user_id')
		.on('review_session_invitees')
		.column('user_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('review_session_invitees').ifExists().execute();
	await db.schema.dropTable('stored_files').ifExists().execute();
}
