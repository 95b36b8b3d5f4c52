/**
 * Rules and indexes for teacher–student relationships and progress records.
 *
 *  - student_teacher_relationships.requested_by: who asked (the student asking a teacher, or the
 *    teacher inviting a student). Only the other side may accept or decline. Rows written before
 *    this migration were student requests (the seed's "Send teacher request").
 *  - A pair is one row (the seed's UNIQUE(student_id, teacher_id)); asking again after a decline
 *    or a removal turns that row back to pending. Nobody is their own teacher.
 *  - progress_records: (student_id, created_at) for "a student's records over time", and an index
 *    on video_id for the cascade when a video is deleted.
 *  - The teacher directory's search also matches instruments: an immutable function turns the
 *    array into one text, and a pg_trgm GIN index on it serves `ILIKE '%q%'` where pg_trgm is
 *    available (as in migration 000004; without it the search scans).
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table student_teacher_relationships add column requested_by integer references users(id) on delete cascade`.execute(db);
	await sql`update student_teacher_relationships set requested_by = student_id where requested_by is null`.execute(db);
	await sql`alter table student_teacher_relationships alter column requested_by set not null`.execute(db);
	await sql`
		alter table student_teacher_relationships add constraint student_teacher_relationships_requested_by_check
		check (requested_by = student_id or requested_by = teacher_id)`.execute(db);
	await sql`
		alter table student_teacher_relationships add constraint student_teacher_relationships_not_self_check
		check (student_id <> teacher_id)`.execute(db);

	await sql`create index idx_progress_student_created on progress_records (student_id, created_at)`.execute(db);
	await sql`drop index idx_progress_student_id`.execute(db);
	await sql`create index idx_progress_video_id on progress_records (video_id)`.execute(db);

	await sql`
		create function instruments_text(text[]) returns text
		language sql immutable strict parallel safe
		as $$ select array_to_string($1, ' ') $$`.execute(db);
	await createInstrumentTrigramIndex(db);
}

/** Like migration 000004's name indexes: under a savepoint, skipped where pg_trgm is missing. */
async function createInstrumentTrigramIndex(db: Kysely<any>): Promise<void> {
	const { rows } = await sql<{ installed: boolean }>`
		select exists (select 1 from pg_extension where extname = 'pg_trgm') as installed`.execute(db);
	if (!rows[0]?.installed) return;
	const savepoint = db.isTransaction;
	if (savepoint) await sql`savepoint instrument_trigram`.execute(db);
	try {
		await sql`create index idx_users_instruments_trgm on users using gin (instruments_text(instruments) gin_trgm_ops)`.execute(db);
		if (savepoint) await sql`release savepoint instrument_trigram`.execute(db);
	} catch (error) {
		if (!savepoint) throw error;
		await sql`rollback to savepoint instrument_trigram`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists idx_users_instruments_trgm`.execute(db);
	await sql`drop function instruments_text(text[])`.execute(db);
	await sql`drop index idx_progress_video_id`.execute(db);
	await sql`create index idx_progress_student_id on progress_records (student_id)`.execute(db);
	await sql`drop index idx_progress_student_created`.execute(db);
	await sql`alter table student_teacher_relationships drop constraint student_teacher_relationships_not_self_check`.execute(db);
	await sql`alter table student_teacher_relationships drop column requested_by`.execute(db);
}
