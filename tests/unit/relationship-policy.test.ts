import { describe, expect, it } from 'bun:test';
import { decisionStatus } from '../../src/lib/server/access/decision';
import { decideProgressRecord, decideRelationship, decideStudentProgress } from '../../src/lib/server/access/policy';

const student = { id: 1, verified: true };
const teacher = { id: 2, verified: true };
const stranger = { id: 3, verified: true };
const askedByStudent = { studentId: 1, teacherId: 2, requestedBy: 1 };

describe('relationship access', () => {
	it('either side views and removes; only the asked side responds', () => {
		for (const caller of [student, teacher]) {
			expect(decisionStatus(decideRelationship(caller, askedByStudent, 'view'))).toBe(200);
			expect(decisionStatus(decideRelationship(caller, askedByStudent, 'remove'))).toBe(200);
		}
		expect(decisionStatus(decideRelationship(teacher, askedByStudent, 'respond'))).toBe(200);
		expect(decisionStatus(decideRelationship(student, askedByStudent, 'respond'))).toBe(403);
	});

	it('a third user is told it does not exist; anonymous is unauthenticated', () => {
		for (const action of ['view', 'respond', 'remove'] as const) {
			expect(decisionStatus(decideRelationship(stranger, askedByStudent, action))).toBe(404);
			expect(decisionStatus(decideRelationship(null, askedByStudent, action))).toBe(401);
			expect(decisionStatus(decideRelationship(teacher, undefined, action))).toBe(404);
		}
	});
});

describe('progress access', () => {
	const active = { studentId: 1, callerIsActiveTeacher: true };
	const notActive = { studentId: 1, callerIsActiveTeacher: false };

	it('the student and active teachers read; only active teachers record', () => {
		expect(decisionStatus(decideStudentProgress(student, notActive, 'read'))).toBe(200);
		expect(decisionStatus(decideStudentProgress(student, notActive, 'record'))).toBe(403);
		expect(decisionStatus(decideStudentProgress(teacher, active, 'read'))).toBe(200);
		expect(decisionStatus(decideStudentProgress(teacher, active, 'record'))).toBe(200);
		expect(decisionStatus(decideStudentProgress(stranger, notActive, 'read'))).toBe(404);
		expect(decisionStatus(decideStudentProgress(null, notActive, 'read'))).toBe(401);
	});

	it('a record is edited by its author while still an active teacher; a former teacher cannot see it', () => {
		expect(decisionStatus(decideProgressRecord(teacher, { authorId: 2, student: active }, 'edit'))).toBe(200);
		expect(decisionStatus(decideProgressRecord(teacher, { authorId: 9, student: active }, 'edit'))).toBe(403);
		expect(decisionStatus(decideProgressRecord(student, { authorId: 2, student: notActive }, 'edit'))).toBe(403);
		expect(decisionStatus(decideProgressRecord(student, { authorId: 2, student: notActive }, 'view'))).toBe(200);
		expect(decisionStatus(decideProgressRecord(teacher, { authorId: 2, student: notActive }, 'view'))).toBe(404);
		expect(decisionStatus(decideProgressRecord(teacher, { authorId: 2, student: notActive }, 'edit'))).toBe(404);
	});
});
