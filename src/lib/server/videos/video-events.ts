import type { AppContext } from '../context';
import { findVideoWithOwner } from './videos.repository';
import { toVideoDto, type VideoStatusName } from './video.dto';

/** The contract allows at most 4 progress events a second per video. */
export const PROGRESS_INTERVAL_MS = 250;

const lastProgressAt = new Map<number, number>();

/**
 * Tells the owner's pages how far the transcode got. Called by the transcode job as ffmpeg
 * reports; events closer than 250 ms to the previous one of the same video are dropped (the
 * `video:updated` that ends a transcode carries the final state anyway), except a change of status.
 */
export function publishVideoProgress(
	ctx: Pick<AppContext, 'realtime'>,
	video: { id: number; userId: number; status: VideoStatusName },
	progress: number,
	now = Date.now()
): boolean {
	const last = lastProgressAt.get(video.id);
	if (video.status === 'processing' && last !== undefined && now - last < PROGRESS_INTERVAL_MS) return false;
	if (video.status === 'processing') lastProgressAt.set(video.id, now);
	else lastProgressAt.delete(video.id);
	const clamped = Math.min(1, Math.max(0, progress));
	ctx.realtime.toUser(video.userId).emit('video:progress', { videoId: video.id, status: video.status, progress: clamped });
	return true;
}

/** Sends the video's current JSON to its owner (after a commit that changed it); false when it is gone. */
export async function publishVideoUpdated(ctx: Pick<AppContext, 'realtime' | 'db'>, videoId: number): Promise<boolean> {
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video) return false;
	ctx.realtime.toUser(video.user_id).emit('video:updated', { video: toVideoDto(video, video.user_id) });
	return true;
}
