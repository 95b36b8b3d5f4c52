import { rooms } from '../../realtime/events';
import { initialState, positionAt } from '../../review/playback';
import { assertCanOnReviewSession, assertCanOnVideo, canOnReviewSession, canViewVideo } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, invalid, notFound } from '../errors';
import { notify, pushNotification, type NotificationPush } from '../notifications/notifications.service';
import { findShareablePerson, findVideoWithOwner } from '../videos/videos.repository';
import { toReviewSession, type ReviewSession } from './review-session.dto';
import {
	endSession as endSessionRow,
	findActiveSessionOf,
	findSession,
	insertInvitees,
	insertSession,
	listActiveInvitationsOf,
	listActiveSessionsFor,
	type ReviewSessionWithPeople
} from './review-sessions.repository';
import type { StartSessionInput } from './review-sessions.schemas';

async function present(ctx: AppContext, found: ReviewSessionWithPeople): Promise<ReviewSession> {
	const playback = found.row.status === 'active' ? await ctx.reviewStates.get(found.row.id) : null;
	return toReviewSession({ ...found, playback });
}

/**
 * Starts a live session on a video the caller may view, with the caller as host, and invites
 * people who may view it too. The session, its invitations and their notifications are one
 * transaction; after it commits each invitee gets `notification:new` and `review:invited`.
 */
export async function startReviewSession(ctx: AppContext, caller: SessionUser, videoId: number, input: StartSessionInput): Promise<ReviewSession> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video) throw notFound('Video');
	for (const [index, id] of input.inviteeIds.entries()) {
		const field = `inviteeIds.${index}`;
		if (id === caller.id) throw invalid(field, 'You host the session; invite someone else.');
		const person = await findShareablePerson(ctx.db, id);
		const allowed = person && (await canViewVideo(ctx.db, { id: person.id, verified: true }, videoId)).allowed;
		if (!allowed) throw invalid(field, 'Someone you invited cannot watch this video. Share it with them first.');
	}
	const created = await ctx.db.transaction().execute(async (trx) => {
		const row = await insertSession(trx, videoId, caller.id);
		if (!row) {
			const live = await findActiveSessionOf(trx, videoId, caller.id);
			throw new AppError(409, 'session_active', `You already have a live session on this video${live ? ` (/review/${live.id})` : ''}. End it or invite people to it.`);
		}
		await insertInvitees(trx, row.id, input.inviteeIds);
		const pushes: NotificationPush[] = [];
		for (const userId of input.inviteeIds) {
			pushes.push(
				await notify(trx, {
					userId,
					type: 'review_invited',
					title: `${caller.full_name} invited you to review a video live`,
					message: video.title,
					relatedId: row.id
				})
			);
		}
		return { row, pushes };
	});
	await ctx.reviewStates.replace(created.row.id, null, initialState(Date.now()));
	const found = await findSession(ctx.db, created.row.id);
	if (!found) throw notFound('Review session');
	const session = await present(ctx, found);
	for (const push of created.pushes) {
		pushNotification((id, event, ...args) => ctx.realtime.toUser(id).emit(event, ...args), push);
		ctx.realtime.toUser(push.userId).emit('review:invited', { session });
	}
	return session;
}

/** A session, for its host and invitees while they may still view its video; others: not found. */
export async function getReviewSession(ctx: AppContext, caller: SessionUser, sessionId: number): Promise<ReviewSession> {
	await assertCanOnReviewSession(ctx.db, caller, sessionId, 'join');
	const found = await findSession(ctx.db, sessionId);
	if (!found) throw notFound('Review session');
	return present(ctx, found);
}

/** The video's live sessions the caller hosts or was invited to: the video page's "Join" banner. */
export async function listLiveSessions(ctx: AppContext, caller: SessionUser, videoId: number): Promise<ReviewSession[]> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const found = await listActiveSessionsFor(ctx.db, videoId, caller.id);
	return Promise.all(found.map((one) => present(ctx, one)));
}

/**
 * The live sessions the caller is invited to and may still join: what the shell's invitation
 * toast shows after a (re)connect, when a `review:invited` may have gone by unheard.
 */
export async function listMyInvitations(ctx: AppContext, caller: SessionUser): Promise<ReviewSession[]> {
	const found = await listActiveInvitationsOf(ctx.db, caller.id);
	const allowed = [];
	for (const one of found) {
		if ((await canOnReviewSession(ctx.db, caller, one.row.id, 'join')).allowed) allowed.push(await present(ctx, one));
	}
	return allowed;
}

/**
 * Ends a session (the host): keeps where playback was, forgets the live state, tells the room
 * and every invited person's other sockets `review:ended`, and takes everyone out of the room.
 * Ending it twice ends it once.
 */
export async function endReviewSession(ctx: AppContext, caller: SessionUser, sessionId: number): Promise<ReviewSession> {
	await assertCanOnReviewSession(ctx.db, caller, sessionId, 'end');
	const state = await ctx.reviewStates.get(sessionId);
	const now = Date.now();
	const ended = await endSessionRow(ctx.db, sessionId, {
		playing: false,
		position: state ? positionAt(state, now) : 0,
		rate: state?.rate ?? 1
	});
	if (!ended) throw new AppError(409, 'session_ended', 'This review session has already ended.');
	await ctx.reviewStates.delete(sessionId);
	const found = await findSession(ctx.db, sessionId);
	if (!found) throw notFound('Review session');
	const session = await present(ctx, found);
	const room = rooms.review(sessionId);
	ctx.realtime.to(room).emit('review:ended', { session });
	// The video pages of the host and invitees take their "Join" banner down; sockets in the
	// room heard it already.
	for (const person of [session.host, ...session.invitees]) ctx.realtime.to(rooms.user(person.id), { except: [room] }).emit('review:ended', { session });
	ctx.realtime.to(room).leave(room);
	return session;
}
