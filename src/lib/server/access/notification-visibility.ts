import { sql, type RawBuilder } from 'kysely';

// Whether a notification's reader may still see what it is about, as one SQL condition over a
// `notifications` row, so lists and unread counts filter in the database and page correctly.
// Each branch is the SQL twin of a rule in policy.ts (decideVideo, decideRelationship,
// decideStudentProgress, decideReviewSession); a type without a branch is never shown.
// tests/integration/notification-visibility.test.ts holds the branches to those rules.

export interface NotificationReader {
	id: number;
	verified: boolean;
}

/** decideVideo(…, 'view'): the owner, users it is shared with, any verified user when public. */
function canViewVideo(reader: NotificationReader, videoId: RawBuilder<unknown>): RawBuilder<boolean> {
	return sql<boolean>`exists (
		select 1 from videos v
		where v.id = ${videoId}
			and (v.user_id = ${reader.id}
				or (v.is_public and ${reader.verified})
				or exists (select 1 from video_sharing vs where vs.video_id = v.id and vs.user_id = ${reader.id})))`;
}

/** The condition, for a query whose notifications table is named `notifications`. */
export function notificationVisibleTo(reader: NotificationReader): RawBuilder<boolean> {
	const related = sql.ref('notifications.related_id');
	const video = canViewVideo(reader, related);
	return sql<boolean>`(case
		when notifications.type in ('video_shared', 'video_ready', 'video_failed', 'comment') then ${video}
		when notifications.type in ('relationship_requested', 'relationship_accepted') then exists (
			select 1 from student_teacher_relationships r
			where r.id = ${related} and ${reader.id} in (r.student_id, r.teacher_id))
		when notifications.type = 'progress_recorded' then exists (
			select 1 from progress_records pr
			where pr.id = ${related}
				and (pr.student_id = ${reader.id}
					or exists (select 1 from student_teacher_relationships r
						where r.student_id = pr.student_id and r.teacher_id = ${reader.id} and r.status = 'active')))
		when notifications.type = 'review_invited' then exists (
			select 1 from review_sessions rs
			where rs.id = ${related}
				and (rs.host_id = ${reader.id}
					or exists (select 1 from review_session_invitees i where i.session_id = rs.id and i.user_id = ${reader.id}))
				and ${canViewVideo(reader, sql.ref('rs.video_id'))})
		else false
	end)`;
}
