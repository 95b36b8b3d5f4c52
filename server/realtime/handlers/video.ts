import { rooms, VIDEO_ROOMS_PER_SOCKET } from '../../../src/lib/realtime/events';
import { assertCanOnVideo, canViewVideo } from '../../../src/lib/server/access';
import { AppError, notFound } from '../../../src/lib/server/errors';
import { findUserById } from '../../../src/lib/server/users/users.repository';
import type { HandlerTable } from './types';

/**
 * Video rooms carry a video's `comment:*` events. Joining asks the access layer exactly what
 * GET /api/videos/{id} asks, with the user read afresh (a public video needs a verified account,
 * and the flag may have changed since the handshake).
 */
export const videoHandlers = {
	'video:join': async ({ videoId }, { ctx, socket }) => {
		const room = rooms.video(videoId);
		const joined = [...socket.rooms].filter(rooms.isVideo);
		if (!joined.includes(room) && joined.length >= VIDEO_ROOMS_PER_SOCKET) {
			throw new AppError(429, 'too_many_rooms', `A connection can follow at most ${VIDEO_ROOMS_PER_SOCKET} videos at once; leave one first.`);
		}
		const found = await findUserById(ctx.db, socket.data.userId);
		const user = found?.active ? found : null;
		await assertCanOnVideo(ctx.db, user, videoId, 'view');
		await socket.join(room);
		// Access withdrawn between the check and the join sent its leave before this socket was
		// in the room; asking again after the join closes that gap.
		if (!(await canViewVideo(ctx.db, user, videoId)).allowed) {
			await socket.leave(room);
			throw notFound('Video');
		}
		return undefined;
	},
	'video:leave': async ({ videoId }, { socket }) => {
		await socket.leave(rooms.video(videoId));
		return undefined;
	}
} satisfies Pick<HandlerTable, 'video:join' | 'video:leave'>;
