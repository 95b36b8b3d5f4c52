/**
 * Comments that cover a passage, with a known set of categories, listed by time.
 *
 *  - comments.end_timestamp (seconds, double precision, null for a moment): a comment with an
 *    end covers the passage from "timestamp" to it, and the end comes after the start.
 *  - comments.category is null or one of the review page's categories; any other value written
 *    before this migration becomes 'general'.
 *  - videos.duration keeps fractions of a second (it was integer, which rounded 5.4 s to 5 and
 *    refused a comment pinned to the last moments of a video).
 *  - idx_comments_video_id_timestamp serves a video's comments ordered by time (then seq);
 *    idx_comments_parent_comment_id serves a comment's replies and the cascade that deletes them.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table videos alter column duration type double precision`.execute(db);

	await sql`alter table comments add column end_timestamp double precision`.execute(db);
	await sql`
		alter table comments add constraint comments_end_timestamp_check
		check (end_timestamp is null or end_timestamp > "timestamp")`.execute(db);

	await sql`
		update comments set category = 'general'
		where category is not null
		and category not in ('technique', 'musicality', 'rhythm', 'intonation', 'tone', 'posture', 'general')`.execute(db);
	await sql`
		alter table comments add constraint comments_category_check
		check (category is null or category in ('technique', 'musicality', 'rhythm', 'intonation', 'tone', 'posture', 'general'))`.execute(db);

	await sql`create index idx_comments_video_id_timestamp on comments (video_id, "timestamp", seq)`.execute(db);
	await sql`create index idx_comments_parent_comment_id on comments (parent_comment_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists idx_comments_parent_comment_id`.execute(db);
	await sql`drop index if exists idx_comments_video_id_timestamp`.execute(db);
	await sql`alter table comments drop constraint if exists comments_category_check`.execute(db);
	await sql`alter table comments drop constraint if exists comments_end_timestamp_check`.execute(db);
	await sql`alter table comments drop column if exists end_timestamp`.execute(db);
	await sql`alter table videos alter column duration type integer using round(duration)::integer`.execute(db);
}
