import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { RelationshipStatus, StudentTeacherRelationshipsTable } from '../db/schema.content';
import type { NameCursor } from '../users/name-cursor';
import type { PersonColumns } from '../videos/video.dto';

type Executor = Kysely<DB>;
export type RelationshipRow = Selectable<StudentTeacherRelationshipsTable>;
export type RelationshipWithPeople = RelationshipRow & { student: PersonColumns; teacher: PersonColumns };

const personColumns = ['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'] as const;

/** Relationships with both people's summaries as JSON columns, so a list is one query. */
function withPeople(db: Executor) {
	return db
		.selectFrom('student_teacher_relationships as r')
		.selectAll('r')
		.select((eb) => [
			jsonObjectFrom(eb.selectFrom('users').select(personColumns).whereRef('users.id', '=', 'r.student_id'))
				.$notNull()
				.as('student'),
			jsonObjectFrom(eb.selectFrom('users').select(personColumns).whereRef('users.id', '=', 'r.teacher_id'))
				.$notNull()
				.as('teacher')
		]);
}

export function findRelationshipWithPeople(db: Executor, id: number): Promise<RelationshipWithPeople | undefined> {
	return withPeople(db).where('r.id', '=', id).executeTakeFirst();
}

/** The pair's row, whatever its status (a pair has one row: UNIQUE(student_id, teacher_id)). */
export function findPair(db: Executor, studentId: number, teacherId: number): Promise<RelationshipWithPeople | undefined> {
	return withPeople(db).where('r.student_id', '=', studentId).where('r.teacher_id', '=', teacherId).executeTakeFirst();
}

/**
 * The pair's row if it is active, locked until the transaction ends: a removal waits, so what the
 * transaction writes on the strength of the relationship commits before the relationship ends.
 */
export function lockActivePair(db: Executor, studentId: number, teacherId: number): Promise<{ id: number } | undefined> {
	return db
		.selectFrom('student_teacher_relationships')
		.select('id')
		.where('student_id', '=', studentId)
		.where('teacher_id', '=', teacherId)
		.where('status', '=', 'active')
		.forShare()
		.executeTakeFirst();
}

/**
 * A new pending request, or a declined/removed pair's row turned back to pending, in one
 * statement. Undefined when the pair is already pending or active. ON CONFLICT makes parallel
 * requests safe: the second waits for the first's row and then sees it pending.
 */
export function upsertRequest(
	db: Executor,
	pair: { studentId: number; teacherId: number; requestedBy: number }
): Promise<RelationshipRow | undefined> {
	return db
		.insertInto('student_teacher_relationships')
		.values({ student_id: pair.studentId, teacher_id: pair.teacherId, requested_by: pair.requestedBy, status: 'pending' })
		.onConflict((oc) =>
			oc
				.columns(['student_id', 'teacher_id'])
				.doUpdateSet({
					status: 'pending',
					requested_by: (eb) => eb.ref('excluded.requested_by'),
					updated_at: sql`now()`
				})
				.where('student_teacher_relationships.status', 'in', ['declined', 'removed'])
		)
		.returningAll()
		.executeTakeFirst();
}

/**
 * Moves the row from one of `from` to `to`; undefined when its status was not one of them (or
 * it was asked by `notRequestedBy`). One conditional UPDATE, so racing answers change it once.
 */
export function transition(
	db: Executor,
	id: number,
	from: RelationshipStatus[],
	to: RelationshipStatus,
	options: { notRequestedBy?: number } = {}
): Promise<RelationshipRow | undefined> {
	let q = db
		.updateTable('student_teacher_relationships')
		.set({ status: to, updated_at: sql`now()` })
		.where('id', '=', id)
		.where('status', 'in', from);
	if (options.notRequestedBy !== undefined) q = q.where('requested_by', '<>', options.notRequestedBy);
	return q.returningAll().executeTakeFirst();
}

/** A user's relationships on either side, newest first; `beforeId` is the keyset cursor. */
export function listRelationshipsOf(
	db: Executor,
	userId: number,
	options: { status?: RelationshipStatus; beforeId?: number; limit: number }
): Promise<RelationshipWithPeople[]> {
	let q = withPeople(db).where((eb) => eb.or([eb('r.student_id', '=', userId), eb('r.teacher_id', '=', userId)]));
	if (options.status) q = q.where('r.status', '=', options.status);
	if (options.beforeId !== undefined) q = q.where('r.id', '<', options.beforeId);
	return q.orderBy('r.id', 'desc').limit(options.limit).execute();
}

export type StudentRow = PersonColumns & { relationship_id: number; since: Date };

/** A teacher's active students by name; `query` matches part of the name or username. */
export function listActiveStudents(
	db: Executor,
	teacherId: number,
	options: { query?: string; after?: NameCursor; limit: number }
): Promise<StudentRow[]> {
	let q = db
		.selectFrom('student_teacher_relationships as r')
		.innerJoin('users', 'users.id', 'r.student_id')
		.select([...personColumns, 'r.id as relationship_id', 'r.updated_at as since'])
		.where('r.teacher_id', '=', teacherId)
		.where('r.status', '=', 'active');
	if (options.query) {
		const pattern = `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		q = q.where((eb) => eb.or([eb('users.full_name', 'ilike', pattern), eb('users.username', 'ilike', pattern)]));
	}
	if (options.after) {
		const { fullName, id } = options.after;
		q = q.where((eb) =>
			eb.or([eb('users.full_name', '>', fullName), eb.and([eb('users.full_name', '=', fullName), eb('users.id', '>', id)])])
		);
	}
	return q.orderBy('users.full_name').orderBy('users.id').limit(options.limit).execute();
}
