import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { PersonColumns } from '../videos/video.dto';
import { sessionsWithPeople, split, type ReviewSessionWithPeople } from './review-sessions.repository';

type Executor = Kysely<DB>;

/** Someone (anyone, or `userId`) joined the session's room. */
function joined(eb: ExpressionBuilder<DB, 'review_sessions'>, userId?: number) {
	let query = eb.selectFrom('review_session_participants as p').select(sql`1`.as('one')).whereRef('p.session_id', '=', 'review_sessions.id');
	if (userId !== undefined) query = query.where('p.user_id', '=', userId);
	return eb.exists(query);
}

export interface SessionRecordRow extends ReviewSessionWithPeople {
	/** Who joined the room, in the order they first came; invitees who never came are not here. */
	participants: PersonColumns[];
	/** Comments (replies too) its participants made on the video between its start and its end. */
	commentCount: number;
}

/**
 * A video's ended sessions that someone joined, newest first, each with its participants and the
 * comments they made during it; `viewerId` limits them to the sessions that person joined (null:
 * all of them, for the video's owner). `beforeId` continues a list after its last session.
 */
export async function listSessionRecords(
	db: Executor,
	options: { videoId: number; viewerId: number | null; limit: number; beforeId?: number }
): Promise<SessionRecordRow[]> {
	let query = sessionsWithPeople(db)
		.select((eb) => [
			jsonArrayFrom(
				eb
					.selectFrom('review_session_participants as p')
					.innerJoin('users', 'users.id', 'p.user_id')
					.select(['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'])
					.whereRef('p.session_id', '=', 'review_sessions.id')
					.orderBy('p.first_joined_at')
					.orderBy('users.id')
			).as('participants'),
			eb
				.selectFrom('comments')
				.select((inner) => inner.fn.countAll<string>().as('n'))
				.whereRef('comments.video_id', '=', 'review_sessions.video_id')
				.whereRef('comments.created_at', '>=', 'review_sessions.created_at')
				.whereRef('comments.created_at', '<=', 'review_sessions.ended_at')
				.where((inner) =>
					inner.exists(
						inner
							.selectFrom('review_session_participants as p')
							.select(sql`1`.as('one'))
							.whereRef('p.session_id', '=', 'review_sessions.id')
							.whereRef('p.user_id', '=', 'comments.user_id')
					)
				)
				.as('comment_count')
		])
		.where('review_sessions.video_id', '=', options.videoId)
		.where('review_sessions.status', '=', 'ended')
		.where((eb) => joined(eb))
		.orderBy('review_sessions.id', 'desc')
		.limit(options.limit);
	if (options.viewerId !== null) {
		const viewerId = options.viewerId;
		query = query.where((eb) => joined(eb, viewerId));
	}
	if (options.beforeId !== undefined) query = query.where('review_sessions.id', '<', options.beforeId);
	const rows = await query.execute();
	return rows.map(({ participants, comment_count, ...rest }) => ({ ...split(rest), participants, commentCount: Number(comment_count ?? 0) }));
}
