import { assertCanOnRelationship } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, forbidden, invalid } from '../errors';
import { notify, pushNotification, type NotificationPush } from '../notifications/notifications.service';
import { decodeNameCursor, encodeNameCursor } from '../users/name-cursor';
import { findUserById } from '../users/users.repository';
import { toRelationship, toStudent, type Relationship, type Student } from './relationship.dto';
import {
	findPair,
	findRelationshipWithPeople,
	listActiveStudents,
	listRelationshipsOf,
	transition,
	upsertRequest
} from './relationships.repository';
import type { RelationshipListQuery, RelationshipRequest, StudentSearchQuery } from './relationships.schemas';

const pushAll = (ctx: AppContext, pushes: NotificationPush[]) => {
	for (const push of pushes) pushNotification((id, event, ...args) => ctx.realtime.toUser(id).emit(event, ...args), push);
};

/** Someone who may be asked: verified and active; anyone else is not found, naming the field. */
async function findAskable(ctx: AppContext, id: number, field: string): Promise<SessionUser> {
	const user = await findUserById(ctx.db, id);
	if (!user || !user.active || !user.verified) throw new AppError(404, 'not_found', 'User not found.', { field });
	return user;
}

/**
 * A student asks a teacher ({teacherId}) or a teacher invites a student ({studentId}). The asked
 * side is notified in the same transaction. A pair that declined or ended may ask again; one
 * that is pending or active is a 409, also when requests race.
 */
export async function requestRelationship(ctx: AppContext, caller: SessionUser, input: RelationshipRequest): Promise<Relationship> {
	const asTeacher = 'studentId' in input;
	const field = asTeacher ? 'studentId' : 'teacherId';
	const otherId = asTeacher ? input.studentId : input.teacherId;
	if (asTeacher && caller.role !== 'teacher') throw forbidden('Only teachers can invite students.');
	if (otherId === caller.id) throw invalid(field, 'You cannot be your own teacher.');
	const other = await findAskable(ctx, otherId, field);
	if (!asTeacher && other.role !== 'teacher') throw invalid('teacherId', `${other.full_name} is not a teacher.`);
	const [student, teacher] = asTeacher ? [other, caller] : [caller, other];

	const { row, push } = await ctx.db.transaction().execute(async (trx) => {
		const row = await upsertRequest(trx, { studentId: student.id, teacherId: teacher.id, requestedBy: caller.id });
		if (!row) {
			const existing = await findPair(trx, student.id, teacher.id);
			throw new AppError(
				409,
				'relationship_exists',
				existing?.status === 'active'
					? `${teacher.full_name} is already ${student.full_name}’s teacher.`
					: `There is already a pending request between you and ${other.full_name}.`,
				{ field }
			);
		}
		const push = await notify(trx, {
			userId: other.id,
			type: 'relationship_requested',
			title: asTeacher ? `${caller.full_name} invited you to be their student` : `${caller.full_name} asked you to be their teacher`,
			message: 'Accept or decline the request.',
			relatedId: row.id
		});
		return { row, push };
	});
	pushAll(ctx, [push]);
	return toRelationship({ ...row, student, teacher }, caller.id);
}

async function answer(ctx: AppContext, caller: SessionUser, id: number, accept: boolean): Promise<Relationship> {
	await assertCanOnRelationship(ctx.db, caller, id, 'respond');
	const { relationship, pushes } = await ctx.db.transaction().execute(async (trx) => {
		// `requested_by <> caller` again here: a re-request between the check and now may have changed it.
		const row = await transition(trx, id, ['pending'], accept ? 'active' : 'declined', { notRequestedBy: caller.id });
		if (!row) throw new AppError(409, 'not_pending', 'This request is no longer waiting for your answer.');
		const relationship = await findRelationshipWithPeople(trx, row.id);
		if (!relationship) throw new AppError(409, 'not_pending', 'This request is no longer waiting for your answer.');
		const pushes = accept
			? [
					await notify(trx, {
						userId: row.requested_by,
						type: 'relationship_accepted',
						title: `${caller.full_name} accepted your request`,
						message:
							row.teacher_id === caller.id
								? `${caller.full_name} is now your teacher.`
								: `${caller.full_name} is now your student.`,
						relatedId: row.id
					})
				]
			: [];
		return { relationship, pushes };
	});
	pushAll(ctx, pushes);
	return toRelationship(relationship, caller.id);
}

/** Only the side that was asked may accept; the one who asked is notified. */
export const acceptRelationship = (ctx: AppContext, caller: SessionUser, id: number) => answer(ctx, caller, id, true);

/** Only the side that was asked may decline; the pair may ask again later. */
export const declineRelationship = (ctx: AppContext, caller: SessionUser, id: number) => answer(ctx, caller, id, false);

/** Either side ends a pending or active relationship (status `removed`); the pair may ask again. */
export async function removeRelationship(ctx: AppContext, caller: SessionUser, id: number): Promise<Relationship> {
	await assertCanOnRelationship(ctx.db, caller, id, 'remove');
	const row = await transition(ctx.db, id, ['pending', 'active'], 'removed');
	if (!row) throw new AppError(409, 'relationship_ended', 'This relationship has already ended.');
	const relationship = await findRelationshipWithPeople(ctx.db, id);
	if (!relationship) throw new AppError(409, 'relationship_ended', 'This relationship has already ended.');
	return toRelationship(relationship, caller.id);
}

/** The caller's relationships on either side, newest first, optionally of one status. */
export async function listRelationships(ctx: AppContext, caller: SessionUser, query: RelationshipListQuery) {
	const rows = await listRelationshipsOf(ctx.db, caller.id, { status: query.status, beforeId: query.cursor, limit: query.limit + 1 });
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		relationships: page.map((row) => toRelationship(row, caller.id)),
		nextCursor: rows.length > query.limit && last ? String(last.id) : null
	};
}

/** A teacher's active students by name, searchable. */
export async function listStudents(ctx: AppContext, caller: SessionUser, query: StudentSearchQuery) {
	if (caller.role !== 'teacher') throw forbidden('Only teachers have students.');
	const rows = await listActiveStudents(ctx.db, caller.id, {
		query: query.q || undefined,
		after: query.cursor ? decodeNameCursor(query.cursor) : undefined,
		limit: query.limit + 1
	});
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	const students: Student[] = page.map(toStudent);
	return { students, nextCursor: rows.length > query.limit && last ? encodeNameCursor(last) : null };
}

/** The caller's relationships with one other person: as their student and as their teacher. */
export async function relationshipsWith(ctx: AppContext, caller: SessionUser, otherId: number) {
	const [asStudent, asTeacher] = await Promise.all([findPair(ctx.db, caller.id, otherId), findPair(ctx.db, otherId, caller.id)]);
	return {
		asStudent: asStudent ? toRelationship(asStudent, caller.id) : null,
		asTeacher: asTeacher ? toRelationship(asTeacher, caller.id) : null
	};
}
