/**
 * Classes & social layer: messaging (conversations, conversation_members, messages),
 * courses (courses, course_members, assignments, submissions) and the community layer
 * (posts, likes, connections).
 *
 * Conventions: SERIAL integer ids (messages too, so ids are plain JS numbers on both pg and
 * PGlite); every timestamp is timestamptz NOT NULL DEFAULT now() unless noted nullable;
 * booleans with a default are NOT NULL.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// ---- conversations --------------------------------------------------------------------
	await db.schema
		.createTable('conversations')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		// bumped by the app whenever a message arrives (orders the inbox)
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('is_group', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('title', 'varchar(100)')
		.execute();

	// ---- conversation_members -------------------------------------------------------------
	await db.schema
		.createTable('conversation_members')
		.addColumn('conversation_id', 'integer', (col) =>
			col.notNull().references('conversations.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		// read watermark: highest messages.id this member has seen (no FK on purpose — it is a
		// position, and messages are soft-deleted)
		.addColumn('last_read_message_id', 'integer')
		.addPrimaryKeyConstraint('conversation_members_pkey', ['conversation_id', 'user_id'])
		.execute();

	await db.schema
		.createIndex('idx_conversation_members_user_id')
		.on('conversation_members')
		.column('user_id')
		.execute();

	// ---- messages -------------------------------------------------------------------------
	await db.schema
		.createTable('messages')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('conversation_id', 'integer', (col) =>
			col.notNull().references('conversations.id').onDelete('cascade')
		)
		.addColumn('sender_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('content', 'text', (col) =>
			col.notNull().check(sql`char_length(content) BETWEEN 1 AND 5000`)
		)
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('edited_at', 'timestamptz')
		.addColumn('deleted_at', 'timestamptz')
		.execute();

	await db.schema
		.createIndex('idx_messages_conversation_id_id')
		.on('messages')
		.columns(['conversation_id', 'id'])
		.execute();

	// ---- courses --------------------------------------------------------------------------
	await db.schema
		.createTable('courses')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('instructor_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('name', 'varchar(200)', (col) => col.notNull())
		.addColumn('code', 'varchar(30)', (col) => col.notNull().unique())
		.addColumn('description', 'text')
		.addColumn('is_archived', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createIndex('idx_courses_instructor_id')
		.on('courses')
		.column('instructor_id')
		.execute();

	// ---- course_members -------------------------------------------------------------------
	await db.schema
		.createTable('course_members')
		.addColumn('course_id', 'integer', (col) =>
			col.notNull().references('courses.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('role', 'varchar(20)', (col) =>
			col.notNull().defaultTo('student').check(sql`role IN ('student', 'assistant')`)
		)
		.addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('course_members_pkey', ['course_id', 'user_id'])
		.execute();

	await db.schema
		.createIndex('idx_course_members_user_id')
		.on('course_members')
		.column('user_id')
		.execute();

	// ---- assignments ----------------------------------------------------------------------
	await db.schema
		.createTable('assignments')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('course_id', 'integer', (col) =>
			col.notNull().references('courses.id').onDelete('cascade')
		)
		.addColumn('title', 'varchar(255)', (col) => col.notNull())
		.addColumn('description', 'text')
		.addColumn('due_at', 'timestamptz')
		.addColumn('status', 'varchar(20)', (col) =>
			col.notNull().defaultTo('draft').check(sql`status IN ('draft', 'published', 'closed')`)
		)
		.addColumn('max_score', 'integer', (col) => col.check(sql`max_score > 0`))
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createIndex('idx_assignments_course_id_due_at')
		.on('assignments')
		.columns(['course_id', 'due_at'])
		.execute();

	// ---- submissions ----------------------------------------------------------------------
	await db.schema
		.createTable('submissions')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('assignment_id', 'integer', (col) =>
			col.notNull().references('assignments.id').onDelete('cascade')
		)
		.addColumn('student_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('video_id', 'integer', (col) => col.references('videos.id').onDelete('set null'))
		.addColumn('note', 'text')
		.addColumn('status', 'varchar(20)', (col) =>
			col
				.notNull()
				.defaultTo('submitted')
				.check(sql`status IN ('submitted', 'graded', 'returned')`)
		)
		.addColumn('score', 'integer', (col) => col.check(sql`score >= 0`))
		.addColumn('feedback', 'text')
		.addColumn('submitted_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('graded_at', 'timestamptz')
		.addColumn('graded_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
		.addUniqueConstraint('submissions_assignment_id_student_id_key', [
			'assignment_id',
			'student_id'
		])
		.execute();

	await db.schema
		.createIndex('idx_submissions_student_id')
		.on('submissions')
		.column('student_id')
		.execute();

	// ---- posts ----------------------------------------------------------------------------
	await db.schema
		.createTable('posts')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('course_id', 'integer', (col) => col.references('courses.id').onDelete('cascade'))
		.addColumn('video_id', 'integer', (col) => col.references('videos.id').onDelete('set null'))
		.addColumn('title', 'varchar(200)')
		.addColumn('content', 'text', (col) =>
			col.notNull().check(sql`char_length(content) BETWEEN 1 AND 10000`)
		)
		.addColumn('like_count', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('comment_count', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createIndex('idx_posts_created_at')
		.on('posts')
		.column('created_at desc')
		.execute();
	await db.schema
		.createIndex('idx_posts_course_id_created_at')
		.on('posts')
		.columns(['course_id', 'created_at desc'])
		.execute();
	// a user's own posts (profile page), newest first
	await db.schema
		.createIndex('idx_posts_user_id_created_at')
		.on('posts')
		.columns(['user_id', 'created_at desc'])
		.execute();

	// ---- likes ----------------------------------------------------------------------------
	// Polymorphic target (post | video | comment): no FK on target_id; the app removes likes
	// when it deletes a target.
	await db.schema
		.createTable('likes')
		.addColumn('user_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('target_type', 'varchar(10)', (col) =>
			col.notNull().check(sql`target_type IN ('post', 'video', 'comment')`)
		)
		.addColumn('target_id', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('likes_pkey', ['user_id', 'target_type', 'target_id'])
		.execute();

	await db.schema
		.createIndex('idx_likes_target')
		.on('likes')
		.columns(['target_type', 'target_id'])
		.execute();

	// ---- connections (study buddies) ------------------------------------------------------
	await db.schema
		.createTable('connections')
		.addColumn('id', 'serial', (col) => col.primaryKey())
		.addColumn('requester_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('addressee_id', 'integer', (col) =>
			col.notNull().references('users.id').onDelete('cascade')
		)
		.addColumn('status', 'varchar(20)', (col) =>
			col
				.notNull()
				.defaultTo('pending')
				.check(sql`status IN ('pending', 'accepted', 'declined')`)
		)
		.addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('connections_not_self_check', sql`requester_id <> addressee_id`)
		.execute();

	// one row per unordered pair, whichever side asked
	await db.schema
		.createIndex('uq_connections_pair')
		.unique()
		.on('connections')
		.columns([sql`least(requester_id, addressee_id)`, sql`greatest(requester_id, addressee_id)`])
		.execute();
	await db.schema
		.createIndex('idx_connections_addressee_id')
		.on('connections')
		.column('addressee_id')
		.execute();
	// requests a user sent / the other half of "my connections"
	await db.schema
		.createIndex('idx_connections_requester_id')
		.on('connections')
		.column('requester_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('connections').ifExists().execute();
	await db.schema.dropTable('likes').ifExists().execute();
	await db.schema.dropTable('posts').ifExists().execute();
	await db.schema.dropTable('submissions').ifExists().execute();
	await db.schema.dropTable('assignments').ifExists().execute();
	await db.schema.dropTable('course_members').ifExists().execute();
	await db.schema.dropTable('courses').ifExists().execute();
	await db.schema.dropTable('messages').ifExists().execute();
	await db.schema.dropTable('conversation_members').ifExists().execute();
	await db.schema.dropTable('conversations').ifExists().execute();
}
