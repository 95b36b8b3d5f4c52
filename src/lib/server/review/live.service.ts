import { sql } from 'kysely';
import { applyChange, applyWaiting, type PlaybackChange, type PlaybackState } from '../../review/playback';
import { RECONNECT_GRACE_MS } from '../../review/presence';
import { canOnReviewSession } from '../access';
import { denialError } from '../access/decision';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError } from '../errors';
import { findUserById } from '../users/users.repository';
import { toPersonSummary } from '../videos/video.dto';
import { findSession } from './review-sessions.repository';
import { toReviewSession, type Participant, type ReviewSession, type RoomPresence } from './review-session.dto';

// What the `review:*` socket commands do, apart from the sockets themselves: the access checks,
// the ordered changes to the shared state, and the participants' record.

/** The caller as they are now (active or nobody): joins re-read the user, as HTTP does. */
async function currentUser(ctx: AppContext, userId: number): Promise<SessionUser | null> {
	const found = await findUserById(ctx.db, userId);
	return found?.active ? found : null;
}

/** Whether the user may be in the session's room now; throws the refusal otherwise. */
export async function assertMayJoin(ctx: AppContext, userId: number, sessionId: number): Promise<ReviewSession> {
	const decision = await canOnReviewSession(ctx.db, await currentUser(ctx, userId), sessionId, 'join');
	if (!decision.allowed) throw denialError(decision, 'Review session');
	const found = await findSession(ctx.db, sessionId);
	if (!found) throw new AppError(404, 'not_found', 'Review session not found.');
	if (found.row.status === 'ended') throw new AppError(409, 'session_ended', 'This review session has ended.');
	return toReviewSession({ ...found, playback: await ctx.reviewStates.get(sessionId) });
}

/**
 * Notes that the user joined (first time), is still here or left on purpose (later): the
 * session's record. `dropped` says their last connection dropped instead, which the others see as
 * reconnecting for RECONNECT_GRACE_MS; anything else clears that.
 */
export async function recordPresence(ctx: AppContext, sessionId: number, userId: number, dropped = false): Promise<void> {
	const droppedAt = dropped ? new Date() : null;
	await ctx.db
		.insertInto('review_session_participants')
		.values({ session_id: sessionId, user_id: userId, dropped_at: droppedAt })
		.onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet({ last_seen_at: sql`now()`, dropped_at: droppedAt }))
		.execute();
}

/**
 * Who is in the room (the user ids behind its sockets, from every node) and who dropped out of it
 * within the grace period and is not back yet. Drops are read from the database, so every node
 * answers the same whichever node the person was connected to.
 */
export async function roomPresence(ctx: AppContext, sessionId: number, userIds: number[]): Promise<RoomPresence> {
	const participants = await participantsOf(ctx, sessionId, userIds);
	// The node's clock, as the drop was stamped with one (and `until` is read on it).
	const since = new Date(Date.now() - RECONNECT_GRACE_MS);
	let query = ctx.db
		.selectFrom('review_session_participants')
		.select(['user_id', 'dropped_at'])
		.where('session_id', '=', sessionId)
		.where('dropped_at', '>', since);
	if (userIds.length) query = query.where('user_id', 'not in', userIds);
	const rows = await query.orderBy('user_id').execute();
	const reconnecting = rows.flatMap((row) => (row.dropped_at ? [{ userId: row.user_id, until: row.dropped_at.getTime() + RECONNECT_GRACE_MS }] : []));
	return { participants, reconnecting };
}

/** The people behind a room's sockets, in the order they first joined. */
export async function participantsOf(ctx: AppContext, sessionId: number, userIds: number[]): Promise<Participant[]> {
	const counts = new Map<number, number>();
	for (const id of userIds) counts.set(id, (counts.get(id) ?? 0) + 1);
	if (counts.size === 0) return [];
	const rows = await ctx.db
		.selectFrom('users')
		.leftJoin('review_session_participants as p', (join) => join.onRef('p.user_id', '=', 'users.id').on('p.session_id', '=', sessionId))
		.select(['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url', 'p.first_joined_at'])
		.where('users.id', 'in', [...counts.keys()])
		.orderBy('p.first_joined_at')
		.orderBy('users.id')
		.execute();
	return rows.map((row) => ({ user: toPersonSummary(row), connections: counts.get(row.id) ?? 0 }));
}

/**
 * Applies a participant's change to the shared state, in order: it must be made against the
 * current version (else `stale`, and the caller sends the sender the current state), and the
 * write is a compare-and-set, so a change from another node in between makes this one stale too.
 * While someone holds the controls, only they may change playback; only the host hands them on.
 */
export async function changePlayback(
	ctx: AppContext,
	userId: number,
	sessionId: number,
	baseVersion: number,
	change: PlaybackChange
): Promise<{ ok: true; state: PlaybackState } | { ok: false; state: PlaybackState | null; error: AppError }> {
	const session = await assertMayJoin(ctx, userId, sessionId);
	const state = await ctx.reviewStates.get(sessionId);
	if (!state) return { ok: false, state: null, error: new AppError(409, 'session_ended', 'This review session has ended.') };
	if (change.type === 'control') {
		if (session.host.id !== userId) return refuse(state, 403, 'forbidden', 'Only the host can hand over the controls.');
		if (change.controllerId !== null && change.controllerId !== session.host.id && !session.invitees.some((p) => p.id === change.controllerId)) {
			return refuse(state, 400, 'invalid_input', 'Hand the controls to someone in the session.');
		}
	} else if (state.controllerId !== null && state.controllerId !== userId) {
		return refuse(state, 403, 'forbidden', 'Someone else has the controls now.');
	}
	const duration = await videoDuration(ctx, session.videoId);
	const result = applyChange(state, change, { baseVersion, now: Date.now(), duration });
	if (!result.ok) return refuse(state, result.reason === 'stale' ? 409 : 400, result.reason === 'stale' ? 'stale' : 'invalid_input', result.message);
	if (await ctx.reviewStates.replace(sessionId, state.version, result.state)) return { ok: true, state: result.state };
	// Another node wrote between the read and the write: this change was made on an old state.
	return refuse(await ctx.reviewStates.get(sessionId), 409, 'stale', 'Someone else changed playback first; you now see where they are.');
}

function refuse(state: PlaybackState | null, status: 400 | 403 | 409, code: string, message: string) {
	return { ok: false as const, state, error: new AppError(status, code, message) };
}

async function videoDuration(ctx: AppContext, videoId: number): Promise<number | null> {
	const row = await ctx.db.selectFrom('videos').select('duration').where('id', '=', videoId).executeTakeFirst();
	return row?.duration ?? null;
}

/** How often a buffering report retries when another node wrote the state in between. */
const WAITING_ATTEMPTS = 5;

/**
 * A participant's player started or stopped buffering (see `applyWaiting`): applied to the state
 * as it is now, retried over concurrent writes. The new state, or null when nothing changed.
 */
export async function setWaiting(ctx: AppContext, userId: number, sessionId: number, waiting: boolean): Promise<PlaybackState | null> {
	const session = await assertMayJoin(ctx, userId, sessionId);
	return updateWaiting(ctx, sessionId, session.videoId, userId, waiting);
}

/** A participant who left the room (every connection) is nobody to wait for. */
export async function stopWaitingFor(ctx: AppContext, userId: number, sessionId: number): Promise<PlaybackState | null> {
	const row = await ctx.db.selectFrom('review_sessions').select('video_id').where('id', '=', sessionId).executeTakeFirst();
	return row ? updateWaiting(ctx, sessionId, row.video_id, userId, false) : null;
}

async function updateWaiting(ctx: AppContext, sessionId: number, videoId: number, userId: number, waiting: boolean): Promise<PlaybackState | null> {
	const duration = await videoDuration(ctx, videoId);
	for (let attempt = 0; attempt < WAITING_ATTEMPTS; attempt++) {
		const state = await ctx.reviewStates.get(sessionId);
		if (!state) return null;
		const next = applyWaiting(state, userId, waiting, Date.now(), duration);
		if (!next) return null;
		if (await ctx.reviewStates.replace(sessionId, state.version, next)) return next;
	}
	throw new AppError(409, 'stale', 'Playback is changing too fast; try again.');
}
