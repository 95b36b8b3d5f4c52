/**
 * Kysely table types for the content tables created by
 *   migrations/2026_11_21_000002_create_media_and_feedback.ts
 *   migrations/2026_11_21_000003_create_classes_and_social.ts
 * and changed by
 *   migrations/2026_12_01_000004_ordered_feeds.ts (sequences, fractional comment timestamps,
 *   NOT NULL booleans)
 *   migrations/2026_12_01_000007_comment_passages.ts (comment passages and categories,
 *   fractional video durations)
 *   migrations/2026_12_01_000008_relationship_rules.ts (who asked for a relationship)
 *   migrations/2026_12_01_000010_comment_drawings.ts (a drawing saved with a comment)
 *   migrations/2026_12_07_000013_comment_revisions.ts (the comments' change feed: revisions and
 *   tombstones)
 *
 * Keep in step with those migrations. The `users` table and the auth tables are typed
 * elsewhere, the messaging tables in schema.messaging.ts; merge `ContentTables` into the app's
 * database interface.
 *
 * Nullability mirrors the SQL: seed-000 columns that have a default but no NOT NULL
 * (videos.video_status, videos.view_count, student_teacher_relationships.status) are
 * `Generated<T | null>`; the seed's booleans with a default are NOT NULL since migration 000004.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Drawing } from '../../review/drawing';

/** timestamptz NOT NULL with a default: read as Date, optional on insert. */
export type CreatedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** timestamptz NULL without a default. */
export type NullableTimestamp = ColumnType<
	Date | null,
	Date | string | null | undefined,
	Date | string | null
>;

// ---- value unions (mirror the CHECK constraints) ------------------------------------------

export type VideoStatus = 'processing' | 'ready' | 'error';
export type RelationshipStatus = 'pending' | 'active' | 'declined' | 'removed';
export type ReviewSessionStatus = 'active' | 'ended';
export type CourseMemberRole = 'student' | 'assistant';
export type AssignmentStatus = 'draft' | 'published' | 'closed';
export type SubmissionStatus = 'submitted' | 'graded' | 'returned';
export type LikeTargetType = 'post' | 'video' | 'comment';
export type ConnectionStatus = 'pending' | 'accepted' | 'declined';
export type CommentCategoryValue = 'technique' | 'musicality' | 'rhythm' | 'intonation' | 'tone' | 'posture' | 'general';

// ---- media & feedback (seed-000 + additions) -----------------------------------------------

export interface VideosTable {
	id: Generated<number>;
	user_id: number;
	title: string;
	description: string | null;
	url: string;
	thumbnail_url: string | null;
	/** seconds, with fractions (double precision) */
	duration: number | null;
	piece_name: string | null;
	composer: string | null;
	practice_goals: string | null;
	is_public: Generated<boolean>;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
	video_status: Generated<VideoStatus | null>;
	view_count: Generated<number | null>;
	/** the last comment sequence number given on this video (comments.seq) */
	comment_seq: Generated<number>;
	/** the last revision given to a change of this video's comments (comments.revision, comment_tombstones.revision) */
	comment_revision: Generated<number>;
}

export interface CommentsTable {
	id: Generated<number>;
	video_id: number;
	user_id: number;
	content: string;
	/** position in the video, seconds, with fractions (double precision) */
	timestamp: number;
	/** end of the passage the comment covers (> timestamp), null for a moment */
	end_timestamp: number | null;
	/** 1, 2, 3, … per video, in commit order; resync asks for seq > the last one seen */
	seq: number;
	category: CommentCategoryValue | null;
	parent_comment_id: number | null;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
	/** jsonb: strokes drawn on the frame, or null; written as JSON text, read parsed */
	drawing: ColumnType<Drawing | null, string | null | undefined, string | null>;
	/** the video's revision at this row's last change (create, edit, or a reply moved with its thread) */
	revision: number;
}

/** A deleted comment, kept so the change feed can answer the deletion (the comment row is gone). */
export interface CommentTombstonesTable {
	comment_id: number;
	video_id: number;
	/** the video's revision given to the deletion */
	revision: number;
	/** set when the deleted comment was a reply */
	parent_comment_id: number | null;
	/** the replies deleted with it */
	reply_ids: ColumnType<number[], number[] | undefined, number[]>;
	deleted_at: CreatedTimestamp;
}

export interface VideoSharingTable {
	id: Generated<number>;
	video_id: number;
	user_id: number;
	created_at: CreatedTimestamp;
}

export interface StudentTeacherRelationshipsTable {
	id: Generated<number>;
	student_id: number;
	teacher_id: number;
	status: Generated<RelationshipStatus | null>;
	/** who asked: student_id (a student asking a teacher) or teacher_id (a teacher inviting) */
	requested_by: number;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
}

export interface ProgressRecordsTable {
	id: Generated<number>;
	student_id: number;
	teacher_id: number;
	video_id: number;
	/** 1..5 */
	rating: number | null;
	/** 1..100 */
	technique_score: number | null;
	/** 1..100 */
	musicality_score: number | null;
	/** 1..100 */
	rhythm_score: number | null;
	/** 1..100 */
	overall_score: number | null;
	notes: string | null;
	created_at: CreatedTimestamp;
}

export interface NotificationsTable {
	id: Generated<number>;
	user_id: number;
	type: string;
	title: string;
	content: string;
	/** video id, comment id, … depending on `type` (no FK) */
	related_id: number | null;
	is_read: Generated<boolean>;
	created_at: CreatedTimestamp;
	/** For a `comment` notification: the comment (its moment is the link's `t`). */
	comment_id: number | null;
	/** False when kept only for e-mail: the type's in-app preference is off. */
	in_app: Generated<boolean>;
	/** Waiting for the user's next notification e-mail. */
	email_pending: Generated<boolean>;
	emailed_at: NullableTimestamp;
}

export interface ReviewSessionsTable {
	id: Generated<number>;
	video_id: number;
	host_id: number;
	status: Generated<ReviewSessionStatus>;
	playing: Generated<boolean>;
	/** double precision, >= 0 */
	position_seconds: Generated<number>;
	/** real, 0.25..4 */
	playback_rate: Generated<number>;
	state_changed_at: CreatedTimestamp;
	created_at: CreatedTimestamp;
	ended_at: NullableTimestamp;
}

/** A user's choice for one notification type; no row means the type's defaults (migration 000012). */
export interface NotificationPreferencesTable {
	user_id: number;
	type: string;
	in_app: Generated<boolean>;
	email: Generated<boolean>;
	updated_at: CreatedTimestamp;
}

/** When a user was last sent a notification e-mail. */
export interface NotificationEmailStateTable {
	user_id: number;
	last_sent_at: Date;
}

// ---- courses -----------------------------------------------------------------------------

export interface CoursesTable {
	id: Generated<number>;
	instructor_id: number;
	name: string;
	/** unique */
	code: string;
	description: string | null;
	is_archived: Generated<boolean>;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
}

export interface CourseMembersTable {
	course_id: number;
	user_id: number;
	role: Generated<CourseMemberRole>;
	joined_at: CreatedTimestamp;
}

export interface AssignmentsTable {
	id: Generated<number>;
	course_id: number;
	title: string;
	description: string | null;
	due_at: NullableTimestamp;
	status: Generated<AssignmentStatus>;
	/** > 0 */
	max_score: number | null;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
}

export interface SubmissionsTable {
	id: Generated<number>;
	assignment_id: number;
	student_id: number;
	video_id: number | null;
	note: string | null;
	status: Generated<SubmissionStatus>;
	/** >= 0 */
	score: number | null;
	feedback: string | null;
	submitted_at: CreatedTimestamp;
	graded_at: NullableTimestamp;
	graded_by: number | null;
}

// ---- community ---------------------------------------------------------------------------

export interface PostsTable {
	id: Generated<number>;
	user_id: number;
	course_id: number | null;
	video_id: number | null;
	title: string | null;
	/** 1..10000 chars */
	content: string;
	like_count: Generated<number>;
	comment_count: Generated<number>;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
}

export interface LikesTable {
	user_id: number;
	target_type: LikeTargetType;
	target_id: number;
	created_at: CreatedTimestamp;
}

export interface ConnectionsTable {
	id: Generated<number>;
	requester_id: number;
	addressee_id: number;
	status: Generated<ConnectionStatus>;
	created_at: CreatedTimestamp;
	updated_at: CreatedTimestamp;
}

export interface ContentTables {
	videos: VideosTable;
	comments: CommentsTable;
	comment_tombstones: CommentTombstonesTable;
	video_sharing: VideoSharingTable;
	student_teacher_relationships: StudentTeacherRelationshipsTable;
	progress_records: ProgressRecordsTable;
	notifications: NotificationsTable;
	review_sessions: ReviewSessionsTable;
	notification_preferences: NotificationPreferencesTable;
	notification_email_state: NotificationEmailStateTable;
	courses: CoursesTable;
	course_members: CourseMembersTable;
	assignments: AssignmentsTable;
	submissions: SubmissionsTable;
	posts: PostsTable;
	likes: LikesTable;
	connections: ConnectionsTable;
}
