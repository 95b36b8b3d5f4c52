import { rm } from 'node:fs/promises';
import type { Updateable } from 'kysely';
import { rooms } from '../../realtime/events';
import { assertCanOnVideo } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import type { VideosTable } from '../db/schema.content';
import { AppError, invalid, notFound } from '../errors';
import { recordStoredFile } from '../storage/stored-files.repository';
import { removeVideoFiles } from '../storage/stored-files.service';
import { removeUploadFiles, uploadPath } from '../uploads/uploads.files';
import { claimUpload, findUpload } from '../uploads/uploads.repository';
import { enqueueTranscode } from './video-jobs';
import { publishVideoUpdated } from './video-events';
import { toVideoDto, type Video } from './video.dto';
import {
	deleteVideo as deleteVideoRow,
	findVideoWithOwner,
	insertVideo,
	listVideosOfOwner,
	listVideosSharedWith,
	nextVideoId,
	sharedUserIds,
	updateVideo as updateVideoRow
} from './videos.repository';
import type { PageInput, VideoDetails, VideoUpdate } from './videos.schemas';

/** The original is kept as it came; its type is never trusted, so it is served as plain bytes. */
const ORIGINAL_TYPE = 'application/octet-stream';

export const originalKey = (userId: number, videoId: number) => `videos/${userId}/${videoId}/original`;

/** Makes a completed tus upload of the caller into a video, exactly once. */
export async function createVideoFromUpload(ctx: AppContext, owner: SessionUser, uploadId: string, details: VideoDetails): Promise<Video> {
	const upload = await findUpload(ctx.db, uploadId);
	if (!upload || upload.user_id !== owner.id) throw notFound('Upload');
	if (upload.claimed_at) throw new AppError(409, 'upload_claimed', 'This upload is already a video.', { field: 'uploadId' });
	if (!upload.completed_at) throw invalid('uploadId', 'This upload has not finished yet.');
	const video = await createVideo(ctx, owner, { path: uploadPath(ctx.config, uploadId), details, uploadId });
	await removeUploadFiles(ctx.config, uploadId);
	return video;
}

/** Makes a file received by the multipart form into a video; the temporary file is removed either way. */
export async function createVideoFromFile(ctx: AppContext, owner: SessionUser, path: string, details: VideoDetails): Promise<Video> {
	try {
		return await createVideo(ctx, owner, { path, details });
	} finally {
		await rm(path, { force: true });
	}
}

/**
 * The file goes into storage first (under the id the row will have), then one transaction claims
 * the upload, creates the row `processing`, records the file and enqueues the transcode. If the
 * transaction fails, the stored original is removed again.
 */
async function createVideo(
	ctx: AppContext,
	owner: SessionUser,
	source: { path: string; details: VideoDetails; uploadId?: string }
): Promise<Video> {
	const videoId = await nextVideoId(ctx.db);
	const key = originalKey(owner.id, videoId);
	await ctx.storage.putFile(key, source.path, { contentType: ORIGINAL_TYPE });
	try {
		const size = (await ctx.storage.head(key))?.size ?? 0;
		await ctx.db.transaction().execute(async (trx) => {
			if (source.uploadId && !(await claimUpload(trx, source.uploadId, owner.id))) {
				throw new AppError(409, 'upload_claimed', 'This upload is already a video.', { field: 'uploadId' });
			}
			const d = source.details;
			await insertVideo(trx, {
				id: videoId,
				user_id: owner.id,
				title: d.title,
				description: d.description ?? null,
				piece_name: d.pieceName ?? null,
				composer: d.composer ?? null,
				practice_goals: d.practiceGoals ?? null,
				is_public: d.isPublic ?? false,
				// The seed's required url: where the video will play.
				url: `/media/videos/${owner.id}/${videoId}/master.m3u8`,
				video_status: 'processing',
				original_key: key,
				upload_id: source.uploadId ?? null
			});
			await recordStoredFile(trx, { key, owner_id: owner.id, kind: 'video_original', video_id: videoId, content_type: ORIGINAL_TYPE, size });
			await enqueueTranscode(ctx, trx, videoId);
		});
	} catch (error) {
		await ctx.storage.delete(key).catch((err: Error) => ctx.logger.error({ err: err.message, key }, 'could not remove an orphaned original'));
		throw error;
	}
	return getVideo(ctx, owner, videoId);
}

export async function getVideo(ctx: AppContext, caller: SessionUser, videoId: number): Promise<Video> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video) throw notFound('Video');
	return toVideoDto(video, caller.id);
}

export interface VideoPage {
	videos: Video[];
	nextCursor: string | null;
}

export async function listMyVideos(ctx: AppContext, caller: SessionUser, page: PageInput): Promise<VideoPage> {
	const rows = await listVideosOfOwner(ctx.db, caller.id, { before: page.cursor, limit: page.limit + 1 });
	const more = rows.length > page.limit;
	const shown = rows.slice(0, page.limit);
	return { videos: shown.map((v) => toVideoDto(v, caller.id)), nextCursor: more ? String(shown.at(-1)!.id) : null };
}

export async function listVideosSharedWithMe(ctx: AppContext, caller: SessionUser, page: PageInput): Promise<VideoPage> {
	const rows = await listVideosSharedWith(ctx.db, caller.id, { before: page.cursor, limit: page.limit + 1 });
	const more = rows.length > page.limit;
	const shown = rows.slice(0, page.limit);
	return { videos: shown.map((v) => toVideoDto(v, caller.id)), nextCursor: more ? String(shown.at(-1)!.share_id) : null };
}

/**
 * Edits the details. Making a video private sends every socket out of its room except those of
 * the owner and the people it is shared with; they are told first (`video:left`).
 */
export async function updateVideo(ctx: AppContext, caller: SessionUser, videoId: number, input: VideoUpdate): Promise<Video> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'manage');
	const changes: Updateable<VideosTable> = {};
	if (input.title !== undefined) changes.title = input.title;
	if (input.description !== undefined) changes.description = input.description;
	if (input.pieceName !== undefined) changes.piece_name = input.pieceName;
	if (input.composer !== undefined) changes.composer = input.composer;
	if (input.practiceGoals !== undefined) changes.practice_goals = input.practiceGoals;
	if (input.isPublic !== undefined) changes.is_public = input.isPublic;
	const before = await findVideoWithOwner(ctx.db, videoId);
	if (Object.keys(changes).length > 0 && !(await updateVideoRow(ctx.db, videoId, changes))) throw notFound('Video');
	if (before?.is_public && input.isPublic === false) {
		const allowed = [before.user_id, ...(await sharedUserIds(ctx.db, videoId))].map(rooms.user);
		const outsiders = ctx.realtime.to(rooms.video(videoId), { except: allowed });
		outsiders.emit('video:left', { videoId, reason: 'access_lost' });
		outsiders.leave(rooms.video(videoId));
	}
	await publishVideoUpdated(ctx, videoId);
	return getVideo(ctx, caller, videoId);
}

/**
 * Deletes the row (shares, comments and file records with it), empties the video's room (its
 * sockets told `video:left`, reason `deleted`), then removes every stored file.
 */
export async function deleteVideo(ctx: AppContext, caller: SessionUser, videoId: number): Promise<void> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'manage');
	const deleted = await deleteVideoRow(ctx.db, videoId);
	if (!deleted) throw notFound('Video');
	const room = ctx.realtime.to(rooms.video(videoId));
	room.emit('video:left', { videoId, reason: 'deleted' });
	room.leave(rooms.video(videoId));
	await removeVideoFiles(ctx, { id: videoId, userId: deleted.user_id });
}
