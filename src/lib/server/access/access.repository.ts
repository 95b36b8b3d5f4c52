import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import type {
	CommentFacts,
	ConversationFacts,
	ProgressRecordFacts,
	RelationshipFacts,
	ReviewSessionFacts,
	StudentProgressFacts,
	VideoFacts
} from './policy';

// Ids from outside (URLs, socket payloads) may be anything; one outside int4 is simply not found.
export const isRowId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;

/** A video's owner, visibility, and whether it is shared with the caller, in one query. */
export async function loadVideoFacts(db: Kysely<DB>, videoId: number, callerId: number): Promise<VideoFacts | undefined> {
	if (!isRowId(videoId)) return undefined;
	const row = await db
		.selectFrom('videos')
		.select((eb) => [
			'videos.user_id',
			'videos.is_public',
			eb
				.exists(
					eb
						.selectFrom('video_sharing')
						.select(sql`1`.as('one'))
						.whereRef('video_sharing.video_id', '=', 'videos.id')
						.where('video_sharing.user_id', '=', callerId)
				)
				.as('shared')
		])
		.where('videos.id', '=', videoId)
		.executeTakeFirst();
	if (!row) return undefined;
	return { ownerId: row.user_id, isPublic: row.is_public === true, sharedWithCaller: Boolean(row.shared) };
}

/** A comment's author and its video as the caller sees it. */
export async function loadCommentFacts(db: Kysely<DB>, commentId: number, callerId: number): Promise<CommentFacts | undefined> {
	if (!isRowId(commentId)) return undefined;
	const row = await db.selectFrom('comments').select(['user_id', 'video_id']).where('id', '=', commentId).executeTakeFirst();
	if (!row) return undefined;
	const video = await loadVideoFacts(db, row.video_id, callerId);
	return video && { authorId: row.user_id, video };
}

export async function loadConversationFacts(
	db: Kysely<DB>,
	conversationId: number,
	callerId: number
): Promise<ConversationFacts | undefined> {
	if (!isRowId(conversationId)) return undefined;
	const member = await db
		.selectFrom('conversation_members')
		.select('user_id')
		.where('conversation_id', '=', conversationId)
		.where('user_id', '=', callerId)
		.executeTakeFirst();
	return member ? { callerIsMember: true } : undefined;
}

export async function loadReviewSessionFacts(
	db: Kysely<DB>,
	sessionId: number,
	callerId: number
): Promise<Omit<ReviewSessionFacts, 'controllerId'> | undefined> {
	if (!isRowId(sessionId)) return undefined;
	const row = await db
		.selectFrom('review_sessions')
		.select((eb) => [
			'review_sessions.video_id',
			'review_sessions.host_id',
			'review_sessions.status',
			eb
				.exists(
					eb
						.selectFrom('review_session_invitees')
						.select(sql`1`.as('one'))
						.whereRef('review_session_invitees.session_id', '=', 'review_sessions.id')
						.where('review_session_invitees.user_id', '=', callerId)
				)
				.as('invited')
		])
		.where('review_sessions.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		hostId: row.host_id,
		ended: row.status === 'ended',
		callerIsInvited: Boolean(row.invited),
		video: await loadVideoFacts(db, row.video_id, callerId)
	};
}


/** Whether `a` and `b` are in an active teacher–student relationship, either way round. */
export async function hasActiveRelationship(db: Kysely<DB>, a: number, b: number): Promise<boolean> {
	if (!isRowId(a) || !isRowId(b) || a === b) return false;
	const row = await db
		.selectFrom('student_teacher_relationships')
		.select('id')
		.where('status', '=', 'active')
		.where((eb) =>
			eb.or([
				eb.and([eb('student_id', '=', a), eb('teacher_id', '=', b)]),
				eb.and([eb('student_id', '=', b), eb('teacher_id', '=', a)])
			])
		)
		.executeTakeFirst();
	return row !== undefined;
}

/** Whether `teacherId` is, right now, an active teacher of `studentId`. */
export async function isActiveTeacherOf(db: Kysely<DB>, teacherId: number, studentId: number): Promise<boolean> {
	if (!isRowId(teacherId) || !isRowId(studentId)) return false;
	const row = await db
		.selectFrom('student_teacher_relationships')
		.select('id')
		.where('teacher_id', '=', teacherId)
		.where('student_id', '=', studentId)
		.where('status', '=', 'active')
		.executeTakeFirst();
	return row !== undefined;
}

export async function loadRelationshipFacts(db: Kysely<DB>, relationshipId: number): Promise<RelationshipFacts | undefined> {
	if (!isRowId(relationshipId)) return undefined;
	const row = await db
		.selectFrom('student_teacher_relationships')
		.select(['student_id', 'teacher_id', 'requested_by'])
		.where('id', '=', relationshipId)
		.executeTakeFirst();
	return row && { studentId: row.student_id, teacherId: row.teacher_id, requestedBy: row.requested_by };
}

export async function loadStudentProgressFacts(
	db: Kysely<DB>,
	studentId: number,
	callerId: number
): Promise<StudentProgressFacts | undefined> {
	if (!isRowId(studentId)) return undefined;
	return { studentId, callerIsActiveTeacher: await isActiveTeacherOf(db, callerId, studentId) };
}

export async function loadProgressRecordFacts(
	db: Kysely<DB>,
	recordId: number,
	callerId: number
): Promise<ProgressRecordFacts | undefined> {
	if (!isRowId(recordId)) return undefined;
	const row = await db
		.selectFrom('progress_records')
		.select((eb) => [
			'progress_records.student_id',
			'progress_records.teacher_id',
			eb
				.exists(
					eb
						.selectFrom('student_teacher_relationships as r')
						.select(sql`1`.as('one'))
						.whereRef('r.student_id', '=', 'progress_records.student_id')
						.where('r.teacher_id', '=', callerId)
						.where('r.status', '=', 'active')
				)
				.as('active_teacher')
		])
		.where('progress_records.id', '=', recordId)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		authorId: row.teacher_id,
		student: { studentId: row.student_id, callerIsActiveTeacher: Boolean(row.active_teacher) }
	};
}
