/**
 * Media & feedback tables.
 *
 * The first six tables (videos, comments, video_sharing, student_teacher_relationships,
 * progress_records, notifications) reproduce the seed-000 schema as written: same columns,
 * types, inline CHECKs, defaults, foreign keys and index names. Unnamed seed constraints are
 * written inline (or named with the name PostgreSQL would generate) so the catalog matches.
 *
 * Deliberate deviation from the seed: created_at / updated_at columns, which have
 * DEFAULT CURRENT_TIMESTAMP in the seed, are also NOT NULL here. Every other seed column keeps
 * the seed's nullability (e.g. videos.is_public, notifications.is_read stay nullable).
 *
 * Additions beyond seed-000:
 *  - idx_notifications_user_unread: (user_id, is_read, created_at desc) for
 *    "unread notifications of a user, newest first".
 *  - review_sessions (live co-review state), notification_preferences.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// ---- videos ---------------------------------------------------------------------------
	await db.schema
		.createTable('videos')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('title', 'varchar(255)', (col) => col.notNull())
		.addColumn('description', 'text')
		.addColumn('url', 'text', (col) => col.notNull())
		.addColumn('thumbnail_url', 'text')
		.addColumn('duration', 'integer')
		.addColumn('piece_name', 'varchar(255)')
		.addColumn('composer', 'varchar(255)')
		.addColumn('practice_goals', 'text')
		.addColumn('is_public', 'boolean', (col) => col.defaultTo(false))
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.addColumn('updated_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.addColumn('video_status', 'varchar(20)', (col) =>
			col.defaultTo('processing').check(sql`video_status IN ('processing', 'ready', 'error')`)
		)
		.addColumn('view_count', 'integer', (col) => col.defaultTo(0))
		.execute();

	await db.schema.createIndex('idx_videos_user_id').on('videos').column('user_id').execute();
	await db.schema.createIndex('idx_videos_created_at').on('videos').column('created_at').execute();

	// ---- comments -------------------------------------------------------------------------
	await db.schema
		.createTable('comments')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('video_id', 'integer', (col) =>
			col.notNull().references('videos.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('content', 'text', (col) => col.notNull())
		// position in the video, in seconds
		.addColumn('timestamp', 'integer', (col) => col.notNull())
		.addColumn('category', 'varchar(50)')
		.addColumn('parent_comment_id', 'integer', (col) =>
			col.references('comments.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.addColumn('updated_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.execute();

	await db.schema.createIndex('idx_comments_video_id').on('comments').column('video_id').execute();
	await db.schema.createIndex('idx_comments_user_id').on('comments').column('user_id').execute();
	await db.schema
		.createIndex('idx_comments_timestamp')
		.on('comments')
		.column('timestamp')
		.execute();

	// ---- video_sharing --------------------------------------------------------------------
	await db.schema
		.createTable('video_sharing')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('video_id', 'integer', (col) =>
			col.notNull().references('videos.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		// name PostgreSQL gives the seed's unnamed UNIQUE(video_id, user_id)
		.addUniqueConstraint('video_sharing_video_id_user_id_key', ['video_id', 'user_id'])
		.execute();

	await db.schema
		.createIndex('idx_video_sharing_video_id')
		.on('video_sharing')
		.column('video_id')
		.execute();
	await db.schema
		.createIndex('idx_video_sharing_user_id')
		.on('video_sharing')
		.column('user_id')
		.execute();

	// ---- student_teacher_relationships ----------------------------------------------------
	await db.schema
		.createTable('student_teacher_relationships')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('student_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('teacher_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('status', 'varchar(20)', (col) =>
			col
				.defaultTo('pending')
				.check(sql`status IN ('pending', 'active', 'declined', 'removed')`)
		)
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.addColumn('updated_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.addUniqueConstraint('student_teacher_relationships_student_id_teacher_id_key', [
			'student_id',
			'teacher_id'
		])
		.execute();

	await db.schema
		.createIndex('idx_str_student_id')
		.on('student_teacher_relationships')
		.column('student_id')
		.execute();
	await db.schema
		.createIndex('idx_str_teacher_id')
		.on('student_teacher_relationships')
		.column('teacher_id')
		.execute();

	// ---- progress_records -----------------------------------------------------------------
	await db.schema
		.createTable('progress_records')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('student_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('teacher_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('video_id', 'integer', (col) =>
			col.notNull().references('videos.id').onDelete('cascade')
		)
		.addColumn('rating', 'integer', (col) => col.check(sql`rating BETWEEN 1 AND 5`))
		.addColumn('technique_score', 'integer', (col) =>
			col.check(sql`technique_score BETWEEN 1 AND 100`)
		)
		.addColumn('musicality_score', 'integer', (col) =>
			col.check(sql`musicality_score BETWEEN 1 AND 100`)
		)
		.addColumn('rhythm_score', 'integer', (col) => col.check(sql`rhythm_score BETWEEN 1 AND 100`))
		.addColumn('overall_score', 'integer', (col) =>
			col.check(sql`overall_score BETWEEN 1 AND 100`)
		)
		.addColumn('notes', 'text')
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.execute();

	await db.schema
		.createIndex('idx_progress_student_id')
		.on('progress_records')
		.column('student_id')
		.execute();
	await db.schema
		.createIndex('idx_progress_teacher_id')
		.on('progress_records')
		.column('teacher_id')
		.execute();

	// ---- notifications --------------------------------------------------------------------
	await db.schema
		.createTable('notifications')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('type', 'varchar(50)', (col) => col.notNull())
		.addColumn('title', 'varchar(255)', (col) => col.notNull())
		.addColumn('content', 'text', (col) => col.notNull())
		// can be a video id, comment id, etc. (no FK, as in the seed)
		.addColumn('related_id', 'integer')
		.addColumn('is_read', 'boolean', (col) => col.defaultTo(false))
		.addColumn('created_at', 'timestamptz', (col) =>
			col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`)
		)
		.execute();

	await db.schema
		.createIndex('idx_notifications_user_id')
		.on('notifications')
		.column('user_id')
		.execute();
	await db.schema
		.createIndex('idx_notifications_is_read')
		.on('notifications')
		.column('is_read')
		.execute();
	// addition: unread notifications of a user, newest first
	await db.schema
		.createIndex('idx_notifications_user_unread')
		.on('notifications')
		.columns(['user_id', 'is_read', 'created_at desc'])
		.execute();

	// ---- review_sessions (live co-review) -------------------------------------------------
	await db.schema
		.createTable('review_sessions')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('video_id', 'integer', (col) =>
			col.notNull().references('videos.id').onDelete('cascade')
		)
		.addColumn('host_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('status', 'varchar(10)', (col) =>
			col.notNull().defaultTo('active').check(sql`status IN ('active', 'ended')`)
		)
		.addColumn('playing', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('position_seconds', 'double precision', (col) =>
			col.notNull().defaultTo(0).check(sql`position_seconds >= 0`)
		)
		.addColumn('playback_rate', 'real', (col) =>
			col.notNull().defaultTo(1).check(sql`playback_rate BETWEEN 0.25 AND 4`)
		)
		.addColumn('state_changed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('ended_at', 'timestamptz')
		.execute();

	await db.schema
		.createIndex('idx_review_sessions_video_id')
		.on('review_sessions')
		.column('video_id')
		.execute();

	// ---- notification_preferences ---------------------------------------------------------
	await db.schema
		.createTable('notification_preferences')
		.addColumn('user_id', 'integer', (col) =>
			col.primaryKey().references('users.id').onDelete('cascade')
		)
		.addColumn('email_comments', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_messages', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_assignments', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_digest', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('notification_preferences').ifExists().execute();
	await db.schema.dropTable('review_sessions').ifExists().execute();
	await db.schema.dropTable('notifications').ifExists().execute();
	await db.schema.dropTable('progress_records').ifExists().execute();
	await db.schema.dropTable('student_teacher_relationships').ifExists().execute();
	await db.schema.dropTable('video_sharing').ifExists().execute();
	await db.schema.dropTable('comments').ifExists().execute();
	await db.schema.dropTable('videos').ifExists().execute();
}
