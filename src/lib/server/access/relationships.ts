import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { assertAllowed, deny, type Caller, type Decision } from './decision';
import { loadProgressRecordFacts, loadRelationshipFacts, loadStudentProgressFacts } from './access.repository';
import {
	decideProgressRecord,
	decideRelationship,
	decideStudentProgress,
	type ProgressRecordAction,
	type RelationshipAction,
	type StudentProgressAction
} from './policy';

// The `can*`/`assert*` of teacher–student relationships and the progress records they allow,
// beside those of videos and conversations in access.ts.

export { hasActiveRelationship, isActiveTeacherOf } from './access.repository';

export async function canOnRelationship(
	db: Kysely<DB>,
	caller: Caller,
	relationshipId: number,
	action: RelationshipAction
): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideRelationship(caller, await loadRelationshipFacts(db, relationshipId), action);
}

export async function assertCanOnRelationship(
	db: Kysely<DB>,
	caller: Caller,
	relationshipId: number,
	action: RelationshipAction
): Promise<void> {
	assertAllowed(await canOnRelationship(db, caller, relationshipId, action), 'Relationship');
}

/** Reading or recording a student's progress as a whole (the list, a new record). */
export async function canOnStudentProgress(
	db: Kysely<DB>,
	caller: Caller,
	studentId: number,
	action: StudentProgressAction
): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideStudentProgress(caller, await loadStudentProgressFacts(db, studentId, caller.id), action);
}

export async function assertCanOnStudentProgress(
	db: Kysely<DB>,
	caller: Caller,
	studentId: number,
	action: StudentProgressAction
): Promise<void> {
	assertAllowed(await canOnStudentProgress(db, caller, studentId, action), 'Student');
}

export async function canOnProgressRecord(
	db: Kysely<DB>,
	caller: Caller,
	recordId: number,
	action: ProgressRecordAction
): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideProgressRecord(caller, await loadProgressRecordFacts(db, recordId, caller.id), action);
}

export async function assertCanOnProgressRecord(
	db: Kysely<DB>,
	caller: Caller,
	recordId: number,
	action: ProgressRecordAction
): Promise<void> {
	assertAllowed(await canOnProgressRecord(db, caller, recordId, action), 'Progress record');
}
