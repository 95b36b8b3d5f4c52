import {
	assertCanOnProgressRecord,
	assertCanOnStudentProgress,
	canViewVideo,
	isActiveTeacherOf
} from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { invalid, notFound } from '../errors';
import { notify, pushNotification } from '../notifications/notifications.service';
import { lockActivePair } from '../relationships/relationships.repository';
import { findUserById } from '../users/users.repository';
import { toPersonSummary, type PersonSummary } from '../videos/video.dto';
import { findVideoWithOwner } from '../videos/videos.repository';
import { toProgressRecord, type ProgressRecord } from './progress.dto';
import {
	deleteProgressRecord,
	findProgressRecord,
	insertProgressRecord,
	listProgressRecords,
	listWatchableVideosOf,
	updateProgressRecord
} from './progress.repository';
import type { ProgressCreate, ProgressListQuery, ProgressUpdate } from './progress.schemas';

const scoreColumns = (input: ProgressUpdate) => ({
	...(input.rating !== undefined ? { rating: input.rating } : {}),
	...(input.techniqueScore !== undefined ? { technique_score: input.techniqueScore } : {}),
	...(input.musicalityScore !== undefined ? { musicality_score: input.musicalityScore } : {}),
	...(input.rhythmScore !== undefined ? { rhythm_score: input.rhythmScore } : {}),
	...(input.overallScore !== undefined ? { overall_score: input.overallScore } : {}),
	...(input.notes !== undefined ? { notes: input.notes } : {})
});

async function readBack(ctx: AppContext, caller: SessionUser, id: number): Promise<ProgressRecord> {
	const row = await findProgressRecord(ctx.db, id, caller.id);
	if (!row) throw notFound('Progress record');
	return toProgressRecord(row, { id: caller.id, activeTeacher: await isActiveTeacherOf(ctx.db, caller.id, row.student_id) });
}

/**
 * An active teacher records scores for one of the student's videos that the teacher may watch;
 * the student is notified. The relationship row is locked while the record is written, so a
 * removal cannot slip in between the check and the commit.
 */
export async function recordProgress(ctx: AppContext, caller: SessionUser, input: ProgressCreate): Promise<ProgressRecord> {
	await assertCanOnStudentProgress(ctx.db, caller, input.studentId, 'record');
	const video = (await canViewVideo(ctx.db, caller, input.videoId)).allowed ? await findVideoWithOwner(ctx.db, input.videoId) : undefined;
	if (!video) throw invalid('videoId', 'Choose one of this student’s videos that you can watch.');
	if (video.user_id !== input.studentId) throw invalid('videoId', 'That video is not this student’s.');

	const { id, push } = await ctx.db.transaction().execute(async (trx) => {
		if (!(await lockActivePair(trx, input.studentId, caller.id))) throw notFound('Student');
		const row = await insertProgressRecord(trx, {
			student_id: input.studentId,
			teacher_id: caller.id,
			video_id: input.videoId,
			...scoreColumns(input)
		});
		const push = await notify(trx, {
			userId: input.studentId,
			type: 'progress_recorded',
			title: `${caller.full_name} recorded your progress`,
			message: `Overall ${input.overallScore}/100 for “${video.title}”.`,
			relatedId: row.id
		});
		return { id: row.id, push };
	});
	pushNotification((userId, event, ...args) => ctx.realtime.toUser(userId).emit(event, ...args), push);
	return readBack(ctx, caller, id);
}

/** A student's records, newest first: for the student and their active teachers only. */
export async function listProgress(
	ctx: AppContext,
	caller: SessionUser,
	query: ProgressListQuery
): Promise<{ student: PersonSummary; records: ProgressRecord[]; nextCursor: string | null; canRecord: boolean }> {
	const studentId = query.studentId ?? caller.id;
	await assertCanOnStudentProgress(ctx.db, caller, studentId, 'read');
	const student = await findUserById(ctx.db, studentId);
	if (!student) throw notFound('Student');
	const activeTeacher = await isActiveTeacherOf(ctx.db, caller.id, studentId);
	const rows = await listProgressRecords(ctx.db, studentId, caller.id, { beforeId: query.cursor, limit: query.limit + 1 });
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		student: toPersonSummary(student),
		records: page.map((row) => toProgressRecord(row, { id: caller.id, activeTeacher })),
		nextCursor: rows.length > query.limit && last ? String(last.id) : null,
		canRecord: activeTeacher
	};
}

export async function getProgressRecord(ctx: AppContext, caller: SessionUser, id: number): Promise<ProgressRecord> {
	await assertCanOnProgressRecord(ctx.db, caller, id, 'view');
	return readBack(ctx, caller, id);
}

/** Its author changes scores or notes while still an active teacher of the student. */
export async function updateProgress(ctx: AppContext, caller: SessionUser, id: number, input: ProgressUpdate): Promise<ProgressRecord> {
	await assertCanOnProgressRecord(ctx.db, caller, id, 'edit');
	const changes = scoreColumns(input);
	if (Object.keys(changes).length > 0 && !(await updateProgressRecord(ctx.db, id, changes))) throw notFound('Progress record');
	return readBack(ctx, caller, id);
}

export async function deleteProgress(ctx: AppContext, caller: SessionUser, id: number): Promise<void> {
	await assertCanOnProgressRecord(ctx.db, caller, id, 'edit');
	if (!(await deleteProgressRecord(ctx.db, id))) throw notFound('Progress record');
}

/** What a teacher may record progress about: the student's videos the teacher can watch (at most 100). */
export async function recordableVideos(ctx: AppContext, caller: SessionUser, studentId: number) {
	await assertCanOnStudentProgress(ctx.db, caller, studentId, 'record');
	const rows = await listWatchableVideosOf(ctx.db, studentId, caller.id, 100);
	return rows.map((row) => ({ id: row.id, title: row.title, createdAt: new Date(row.created_at).toISOString() }));
}
