import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import type { CommentFacts, ConversationFacts, ReviewSessionFacts, VideoFacts } from './policy';

// Ids from outside (URLs, socket payloads) may be anything; one outside int4 is simply not found.
const isRowId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;

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

