import { rooms } from '../../realtime/events';
import { assertCanOnVideo } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, invalid, notFound } from '../errors';
import { toPersonSummary, type PersonSummary, type VideoShare } from './video.dto';
import type { Database } from '../db/database';
import { notify, pushNotification, type NotificationPush } from '../notifications/notifications.service';
import {
	deleteShare,
	findShareablePerson,
	findVideoWithOwner,
	insertShare,
	listShares,
	searchPeople
} from './videos.repository';

/**
 * Shares a video with a verified, active user and notifies them: the share and the notification
 * row in one transaction, the live `notification:new` after it commits.
 */
export async function shareVideo(ctx: AppContext, caller: SessionUser, videoId: number, userId: number): Promise<VideoShare> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'share');
	if (userId === caller.id) throw invalid('userId', 'You already own this video.');
	const person = await findShareablePerson(ctx.db, userId);
	if (!person) throw new AppError(404, 'not_found', 'User not found.', { field: 'userId' });
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video) throw notFound('Video');
	const result = await ctx.db.transaction().execute(async (trx) => {
		const granted = await grantShare(trx, { videoId, videoTitle: video.title, sharerName: caller.full_name, userId });
		if (!granted) throw new AppError(409, 'already_shared', 'This video is already shared with that person.', { field: 'userId' });
		return granted;
	});
	pushNotification((id, event, ...args) => ctx.realtime.toUser(id).emit(event, ...args), result.notification);
	return { user: toPersonSummary(person), sharedAt: result.share.created_at.toISOString() };
}

/**
 * Shares a video with someone inside the caller's transaction (which has checked that the sharer
 * may share it) and saves their notification: what to push after the commit, or undefined when
 * it was already shared with them. Sending a video in a message shares it this way too.
 */
export async function grantShare(
	trx: Database,
	share: { videoId: number; videoTitle: string; sharerName: string; userId: number }
): Promise<{ share: { created_at: Date }; notification: NotificationPush } | undefined> {
	const row = await insertShare(trx, share.videoId, share.userId);
	if (!row) return undefined;
	const notification = await notify(trx, {
		userId: share.userId,
		type: 'video_shared',
		title: `${share.sharerName} shared a video with you`,
		message: share.videoTitle,
		relatedId: share.videoId
	});
	return { share: row, notification };
}

/**
 * Stops sharing. Unless the video is public (they may still watch it then), the person's
 * sockets are told (`video:left`) and leave its room at once, on every node.
 */
export async function unshareVideo(ctx: AppContext, caller: SessionUser, videoId: number, userId: number): Promise<void> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'share');
	if (!(await deleteShare(ctx.db, videoId, userId))) throw notFound('Share');
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video?.is_public) {
		// To all of the person's sockets: a page showing another video ignores it.
		const person = ctx.realtime.toUser(userId);
		person.emit('video:left', { videoId, reason: 'access_lost' });
		person.leave(rooms.video(videoId));
	}
}

export async function listVideoShares(ctx: AppContext, caller: SessionUser, videoId: number): Promise<VideoShare[]> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'share');
	const rows = await listShares(ctx.db, videoId);
	return rows.map((row) => ({ user: toPersonSummary(row), sharedAt: row.shared_at.toISOString() }));
}

/** People to share with, for the share dialog: at most 10. */
export async function searchPeopleToShareWith(ctx: AppContext, caller: SessionUser, query: string): Promise<PersonSummary[]> {
	const rows = await searchPeople(ctx.db, query, caller.id, 10);
	return rows.map(toPersonSummary);
}
