import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/database';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Migration 2026_12_01_000008 on a database that already holds relationships: the rows written
// before it were students' requests, so `requested_by` becomes the student; a self-pair is refused.

let scratch: ScratchDatabase;
let db: Database;
const ids = { student: 0, teacher: 0, other: 0, relationship: 0 };
beforeAll(async () => {
	scratch = await openScratchDatabase();
	db = scratch.db;
	await scratch.migrate('2026_12_01_000006_video_pipeline');
	const user = async (name: string, role: string) =>
		(
			await sql<{ id: number }>`insert into users (email, username, password, full_name, role)
				values (${`${name}@example.com`}, ${name}, 'x', ${name}, ${role}) returning id`.execute(db)
		).rows[0]!.id;
	ids.student = await user('s', 'student');
	ids.teacher = await user('t', 'teacher');
	ids.other = await user('o', 'student');
	ids.relationship = (
		await sql<{ id: number }>`insert into student_teacher_relationships (student_id, teacher_id)
			values (${ids.student}, ${ids.teacher}) returning id`.execute(db)
	).rows[0]!.id;
	await scratch.migrate();
});
afterAll(() => scratch.close());

describe('migration 000008 (relationship rules)', () => {
	it('records the student as the asker of the rows already there', async () => {
		const row = await db.selectFrom('student_teacher_relationships').selectAll().where('id', '=', ids.relationship).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ requested_by: ids.student, status: 'pending' });
	});

	it('refuses a self-pair and an asker outside the pair', async () => {
		const insert = (student: number, teacher: number, requestedBy: number) =>
			db.insertInto('student_teacher_relationships').values({ student_id: student, teacher_id: teacher, requested_by: requestedBy }).execute();
		await expect(insert(ids.teacher, ids.teacher, ids.teacher)).rejects.toThrow(/not_self_check/);
		await expect(insert(ids.other, ids.teacher, ids.student)).rejects.toThrow(/requested_by_check/);
		await insert(ids.other, ids.teacher, ids.other);
	});

	it('indexes progress by student and time and by video', async () => {
		const { rows } = await sql<{ indexname: string }>`
			select indexname from pg_indexes where tablename = 'progress_records' order by indexname`.execute(db);
		expect(rows.map((r) => r.indexname)).toEqual(['idx_progress_student_created', 'idx_progress_teacher_id', 'idx_progress_video_id', 'progress_records_pkey']);
	});
});
