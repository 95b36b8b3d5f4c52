/**
 * Live co-review sessions, what they need beyond the row 000002 made:
 *
 *  - one active session per host and video (a partial unique index): a second "start" while one
 *    is live is refused instead of splitting the people over two rooms, even when both requests
 *    arrive at once on two nodes;
 *  - review_session_participants: who actually joined and for how long, so an ended session's
 *    record says "reviewed live with Theo, 18 min" from facts rather than from the invitation;
 *  - the active sessions of a video, for the video page's "Join" banner.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create unique index idx_review_sessions_one_active on review_sessions (video_id, host_id) where status = 'active'`.execute(db);
	await sql`create index idx_review_sessions_video_active on review_sessions (video_id) where status = 'active'`.execute(db);
	await db.schema
		.createTable('review_session_participants')
		.addColumn('session_id', 'integer', (col) => col.notNull().references('review_sessions.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('first_joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('review_session_participants_pkey', ['session_id', 'user_id'])
		.execute();
	await db.schema.createIndex('idx_review_session_participants_user_id').on('review_session_participants').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('review_session_participants').ifExists().execute();
	await sql`drop index if exists idx_review_sessions_video_active`.execute(db);
	await sql`drop index if exists idx_review_sessions_one_active`.execute(db);
}
