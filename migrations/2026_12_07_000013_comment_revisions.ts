/**
 * A per-video change feed for comments, so a client that was away catches up on edits and
 * deletions as well as new comments.
 *
 *  - videos.comment_revision counts every change to the video's comments (create, edit, delete,
 *    replies included). A writer raises it while holding the video's row lock, the same lock
 *    that orders comments.seq, so revisions become visible in the order they were given.
 *  - comments.revision is the revision of the row's last change; unique per video.
 *  - comment_tombstones keeps one row per deleted comment (its replies, deleted with it, listed
 *    in reply_ids) with the revision of the deletion: comments stay hard-deleted, so every other
 *    read of the comments table is unchanged, and the feed still answers the deletion.
 *
 * Existing rows: a comment's revision is its seq, and a video's revision its comment_seq (at
 * least every seq given), so the feed's order agrees with the order of creation.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table videos add column comment_revision integer not null default 0`.execute(db);
	await sql`update videos set comment_revision = comment_seq`.execute(db);

	await sql`alter table comments add column revision integer`.execute(db);
	await sql`update comments set revision = seq`.execute(db);
	await sql`alter table comments alter column revision set not null`.execute(db);
	await sql`alter table comments add constraint comments_revision_check check (revision > 0)`.execute(db);
	await sql`alter table comments add constraint comments_video_id_revision_key unique (video_id, revision)`.execute(db);

	await sql`
		create table comment_tombstones (
			comment_id integer primary key,
			video_id integer not null references videos (id) on delete cascade,
			revision integer not null check (revision > 0),
			parent_comment_id integer,
			reply_ids integer[] not null default '{}',
			deleted_at timestamptz not null default now(),
			constraint comment_tombstones_video_id_revision_key unique (video_id, revision)
		)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table if exists comment_tombstones`.execute(db);
	await sql`alter table comments drop column if exists revision`.execute(db);
	await sql`alter table videos drop column if exists comment_revision`.execute(db);
}
