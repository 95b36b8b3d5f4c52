/**
 * Ordered feeds, exact values, and indexes the queries use.
 *
 *  - A per-video sequence for comments and a per-conversation sequence for messages. A writer
 *    takes the next number by incrementing the parent's counter (`videos.comment_seq`,
 *    `conversations.message_seq`) with UPDATE ... RETURNING, which locks the parent row until its
 *    transaction ends: a second writer waits for the first to commit, so numbers become visible
 *    in the order they were given and a client resyncing with `after=<seq>` never skips a row
 *    (serial ids can: a transaction can take a smaller id and commit later).
 *  - comments.timestamp keeps fractions of a second (double precision; it was integer).
 *  - videos.is_public and notifications.is_read, the seed's nullable booleans with a default,
 *    become NOT NULL with that default.
 *  - The teacher directory's filters use indexes: the instrument filter matches
 *    lower_text_array(instruments) with @> through a GIN index; the name search (ILIKE '%q%')
 *    gets pg_trgm GIN indexes where the pg_trgm extension is available (PGlite loads it from
 *    @electric-sql/pglite/contrib/pg_trgm; on a server without it the search still works,
 *    by a scan).
 *  - idx_users_email (seed) duplicated the unique index users_email_key and is dropped;
 *    idx_comments_video_id is covered by the new unique (video_id, seq) and is dropped too.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// ---- booleans with a default are NOT NULL -----------------------------------------------
	await sql`update videos set is_public = false where is_public is null`.execute(db);
	await sql`alter table videos alter column is_public set not null`.execute(db);
	await sql`update notifications set is_read = false where is_read is null`.execute(db);
	await sql`alter table notifications alter column is_read set not null`.execute(db);

	// ---- comments: fractional timestamps, per-video sequence --------------------------------
	await sql`alter table comments alter column "timestamp" type double precision`.execute(db);
	await sql`alter table videos add column comment_seq integer not null default 0`.execute(db);
	await sql`alter table comments add column seq integer`.execute(db);
	// Rows written before this migration are numbered in id order.
	await sql`
		update comments c set seq = n.seq
		from (select id, row_number() over (partition by video_id order by id) as seq from comments) n
		where n.id = c.id`.execute(db);
	await sql`alter table comments alter column seq set not null`.execute(db);
	await sql`alter table comments add constraint comments_seq_check check (seq > 0)`.execute(db);
	await sql`alter table comments add constraint comments_video_id_seq_key unique (video_id, seq)`.execute(db);
	await sql`
		update videos v set comment_seq = coalesce((select max(seq) from comments c where c.video_id = v.id), 0)`.execute(db);
	await sql`drop index idx_comments_video_id`.execute(db);

	// ---- messages: per-conversation sequence ------------------------------------------------
	await sql`alter table conversations add column message_seq integer not null default 0`.execute(db);
	await sql`alter table messages add column seq integer`.execute(db);
	await sql`
		update messages m set seq = n.seq
		from (select id, row_number() over (partition by conversation_id order by id) as seq from messages) n
		where n.id = m.id`.execute(db);
	await sql`alter table messages alter column seq set not null`.execute(db);
	await sql`alter table messages add constraint messages_seq_check check (seq > 0)`.execute(db);
	await sql`
		alter table messages add constraint messages_conversation_id_seq_key unique (conversation_id, seq)`.execute(db);
	await sql`
		update conversations c
		set message_seq = coalesce((select max(seq) from messages m where m.conversation_id = c.id), 0)`.execute(db);

	// ---- users: indexes for the teacher directory -------------------------------------------
	await sql`drop index idx_users_email`.execute(db);
	// Instruments keep the case they were typed in; the filter ignores case. An immutable function
	// of the array makes that an index expression (a subquery cannot be one).
	await sql`
		create function lower_text_array(text[]) returns text[]
		language sql immutable strict parallel safe
		as $$ select array_agg(lower(item)) from unnest($1) as item $$`.execute(db);
	await sql`drop index idx_users_instruments`.execute(db);
	await sql`create index idx_users_instruments_lower on users using gin (lower_text_array(instruments))`.execute(db);
	await createTrigramIndexes(db);
}

/**
 * pg_trgm GIN indexes for the name search, when the server has the extension and lets us create
 * it. The attempt runs under a savepoint, so a refusal (no privilege, the extension in a schema
 * off the search path) leaves the rest of the migration intact; the search then scans.
 */
async function createTrigramIndexes(db: Kysely<any>): Promise<void> {
	const { rows } = await sql<{ available: boolean }>`
		select exists (select 1 from pg_available_extensions where name = 'pg_trgm') as available`.execute(db);
	if (!rows[0]?.available) return;
	const savepoint = db.isTransaction;
	if (savepoint) await sql`savepoint trigram_indexes`.execute(db);
	try {
		await sql`create extension if not exists pg_trgm`.execute(db);
		await sql`create index idx_users_full_name_trgm on users using gin (full_name gin_trgm_ops)`.execute(db);
		await sql`create index idx_users_username_trgm on users using gin (username gin_trgm_ops)`.execute(db);
		if (savepoint) await sql`release savepoint trigram_indexes`.execute(db);
	} catch (error) {
		if (!savepoint) throw error;
		await sql`rollback to savepoint trigram_indexes`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists idx_users_username_trgm`.execute(db);
	await sql`drop index if exists idx_users_full_name_trgm`.execute(db);
	await sql`drop index idx_users_instruments_lower`.execute(db);
	await sql`drop function lower_text_array(text[])`.execute(db);
	await sql`create index idx_users_instruments on users using gin (instruments)`.execute(db);
	await sql`create index idx_users_email on users (email)`.execute(db);

	await sql`alter table messages drop column seq`.execute(db);
	await sql`alter table conversations drop column message_seq`.execute(db);

	await sql`create index idx_comments_video_id on comments (video_id)`.execute(db);
	await sql`alter table comments drop column seq`.execute(db);
	await sql`alter table videos drop column comment_seq`.execute(db);
	await sql`alter table comments alter column "timestamp" type integer using round("timestamp")::integer`.execute(db);

	await sql`alter table notifications alter column is_read drop not null`.execute(db);
	await sql`alter table videos alter column is_public drop not null`.execute(db);
}
