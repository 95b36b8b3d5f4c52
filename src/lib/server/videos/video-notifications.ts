import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { DB } from '../db/schema';
import { toNotificationDto, type NotificationDto } from './video.dto';

// MERGE SEAM: the notifications module (another branch) will own these two steps; until then the
// share writes its row here, in its own transaction, and pushes it after commit.

/** Writes "a video was shared with you" inside the caller's transaction. */
export async function notifyVideoShared(
	trx: Kysely<DB>,
	share: { userId: number; videoId: number; videoTitle: string; ownerName: string }
): Promise<NotificationDto> {
	const row = await trx
		.insertInto('notifications')
		.values({
			user_id: share.userId,
			type: 'video_shared',
			title: `${share.ownerName} shared a video with you`,
			content: share.videoTitle,
			related_id: share.videoId
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	return toNotificationDto(row);
}

/** After commit: the notification reaches the user's open pages. */
export function pushNotification(ctx: Pick<AppContext, 'realtime'>, userId: number, notification: NotificationDto): void {
	ctx.realtime.toUser(userId).emit('notification:new', { notification });
}
