import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { PersonColumns } from '../videos/video.dto';
import type { ReviewSessionRow } from './review-session.dto';

type Executor = Kysely<DB>;

const personColumns = ['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'] as const;

export interface ReviewSessionWithPeople {
	row: ReviewSessionRow;
	videoTitle: string;
	host: PersonColumns;
	invitees: PersonColumns[];
}

/** Sessions with their video's title, host and invitees, in one query. */
export function sessionsWithPeople(db: Executor) {
	return db
		.selectFrom('review_sessions')
		.innerJoin('videos', 'videos.id', 'review_sessions.video_id')
		.selectAll('review_sessions')
		.select((eb) => [
			'videos.title as video_title',
			jsonObjectFrom(eb.selectFrom('users').select(personColumns).whereRef('users.id', '=', 'review_sessions.host_id'))
				.$notNull()
				.as('host'),
			jsonArrayFrom(
				eb
					.selectFrom('review_session_invitees')
					.innerJoin('users', 'users.id', 'review_session_invitees.user_id')
					.select(personColumns)
					.whereRef('review_session_invitees.session_id', '=', 'review_sessions.id')
					.orderBy('review_session_invitees.invited_at')
					.orderBy('users.id')
			).as('invitees')
		]);
}

type Joined = Awaited<ReturnType<ReturnType<typeof sessionsWithPeople>['execute']>>[number];

export function split({ video_title, host, invitees, ...row }: Joined): ReviewSessionWithPeople {
	return { row: row as ReviewSessionRow, videoTitle: video_title, host, invitees };
}

export async function findSession(db: Executor, id: number): Promise<ReviewSessionWithPeople | undefined> {
	const row = await sessionsWithPeople(db).where('review_sessions.id', '=', id).executeTakeFirst();
	return row && split(row);
}

/** A video's live sessions that `userId` hosts or was invited to, newest first. */
export async function listActiveSessionsFor(db: Executor, videoId: number, userId: number): Promise<ReviewSessionWithPeople[]> {
	const rows = await sessionsWithPeople(db)
		.where('review_sessions.video_id', '=', videoId)
		.where('review_sessions.status', '=', 'active')
		.where((eb) =>
			eb.or([
				eb('review_sessions.host_id', '=', userId),
				eb.exists(
					eb
						.selectFrom('review_session_invitees')
						.select(sql`1`.as('one'))
						.whereRef('review_session_invitees.session_id', '=', 'review_sessions.id')
						.where('review_session_invitees.user_id', '=', userId)
				)
			])
		)
		.orderBy('review_sessions.id', 'desc')
		.execute();
	return rows.map(split);
}

/** The live sessions `userId` was invited to (not those they host), newest first. */
export async function listActiveInvitationsOf(db: Executor, userId: number): Promise<ReviewSessionWithPeople[]> {
	const rows = await sessionsWithPeople(db)
		.where('review_sessions.status', '=', 'active')
		.where('review_sessions.host_id', '!=', userId)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('review_session_invitees')
					.select(sql`1`.as('one'))
					.whereRef('review_session_invitees.session_id', '=', 'review_sessions.id')
					.where('review_session_invitees.user_id', '=', userId)
			)
		)
		.orderBy('review_sessions.id', 'desc')
		.limit(20)
		.execute();
	return rows.map(split);
}

/** The new session's id, or undefined when the host already has a live one on this video. */
export async function insertSession(db: Executor, videoId: number, hostId: number): Promise<ReviewSessionRow | undefined> {
	return db
		.insertInto('review_sessions')
		.values({ video_id: videoId, host_id: hostId })
		.onConflict((oc) => oc.columns(['video_id', 'host_id']).where('status', '=', 'active').doNothing())
		.returningAll()
		.executeTakeFirst();
}

export async function insertInvitees(db: Executor, sessionId: number, userIds: number[]): Promise<void> {
	if (userIds.length === 0) return;
	await db
		.insertInto('review_session_invitees')
		.values(userIds.map((user_id) => ({ session_id: sessionId, user_id })))
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** The host's live session on a video, if any. */
export function findActiveSessionOf(db: Executor, videoId: number, hostId: number) {
	return db
		.selectFrom('review_sessions')
		.select('id')
		.where('video_id', '=', videoId)
		.where('host_id', '=', hostId)
		.where('status', '=', 'active')
		.executeTakeFirst();
}

/**
 * Ends a live session and keeps where playback was. Undefined when it had already ended, so two
 * "end" requests at once end it once.
 */
export function endSession(
	db: Executor,
	id: number,
	last: { playing: boolean; position: number; rate: number }
): Promise<ReviewSessionRow | undefined> {
	return db
		.updateTable('review_sessions')
		.set({ status: 'ended', ended_at: sql`now()`, playing: false, position_seconds: last.position, playback_rate: last.rate, state_changed_at: sql`now()` })
		.where('id', '=', id)
		.where('status', '=', 'active')
		.returningAll()
		.executeTakeFirst();
}
