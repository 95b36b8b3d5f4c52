import type { RelationshipStatus } from '../db/schema.content';
import { toPersonSummary, type PersonSummary } from '../videos/video.dto';
import type { RelationshipWithPeople, StudentRow } from './relationships.repository';

/** A relationship as one of its two people sees it. */
export interface Relationship {
	id: number;
	status: RelationshipStatus;
	studentId: number;
	teacherId: number;
	/** The caller's side of it. */
	myRole: 'student' | 'teacher';
	/** The other person. */
	person: PersonSummary;
	/** The caller asked (so the other person answers). */
	requestedByMe: boolean;
	/** Pending, and the caller is the one who answers. */
	awaitingMyAnswer: boolean;
	createdAt: string;
	updatedAt: string;
}

/** One of a teacher's active students. */
export interface Student extends PersonSummary {
	relationshipId: number;
	/** When the relationship last changed: for an active one, when it was accepted. */
	since: string;
}

export function toRelationship(row: RelationshipWithPeople, callerId: number): Relationship {
	const myRole = row.teacher_id === callerId ? 'teacher' : 'student';
	const status = row.status ?? 'pending';
	return {
		id: row.id,
		status,
		studentId: row.student_id,
		teacherId: row.teacher_id,
		myRole,
		person: toPersonSummary(myRole === 'teacher' ? row.student : row.teacher),
		requestedByMe: row.requested_by === callerId,
		awaitingMyAnswer: status === 'pending' && row.requested_by !== callerId,
		createdAt: new Date(row.created_at).toISOString(),
		updatedAt: new Date(row.updated_at).toISOString()
	};
}

export function toStudent(row: StudentRow): Student {
	return { ...toPersonSummary(row), relationshipId: row.relationship_id, since: new Date(row.since).toISOString() };
}
