import { toPersonSummary, type PersonSummary } from '../videos/video.dto';
import type { ProgressRowWithContext } from './progress.repository';

/** One progress record as the API and the pages show it. */
export interface ProgressRecord {
	id: number;
	studentId: number;
	teacher: PersonSummary;
	/** The video it is about, or null when the reader may not watch that video. */
	video: { id: number; title: string } | null;
	/** 1..5 */
	rating: number | null;
	/** 1..100 */
	techniqueScore: number | null;
	musicalityScore: number | null;
	rhythmScore: number | null;
	overallScore: number | null;
	notes: string | null;
	createdAt: string;
	/** The reader wrote it (and may still change it). */
	canEdit: boolean;
}

export function toProgressRecord(row: ProgressRowWithContext, reader: { id: number; activeTeacher: boolean }): ProgressRecord {
	return {
		id: row.id,
		studentId: row.student_id,
		teacher: toPersonSummary(row.teacher),
		video: row.video,
		rating: row.rating,
		techniqueScore: row.technique_score,
		musicalityScore: row.musicality_score,
		rhythmScore: row.rhythm_score,
		overallScore: row.overall_score,
		notes: row.notes,
		createdAt: new Date(row.created_at).toISOString(),
		canEdit: reader.activeTeacher && row.teacher_id === reader.id
	};
}
