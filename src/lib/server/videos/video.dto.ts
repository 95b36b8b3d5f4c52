import type { Selectable } from 'kysely';
import type { VideosTable } from '../db/schema.content';
import type { Role } from '../db/schema';

// The JSON shapes of /briefs' video contract, shared by the API, the realtime events and the pages.

export type VideoStatusName = 'processing' | 'ready' | 'error';

/** Who someone is, as a list or a share dialog shows them. */
export interface PersonSummary {
	id: number;
	username: string;
	fullName: string;
	role: Role;
	profileImageUrl: string | null;
}

export interface Rendition {
	name: string;
	width: number;
	height: number;
	bandwidth: number;
	/** `/media/...` MP4 of this rung */
	url: string;
}

export interface Video {
	id: number;
	owner: PersonSummary;
	title: string;
	description: string | null;
	pieceName: string | null;
	composer: string | null;
	practiceGoals: string | null;
	isPublic: boolean;
	status: VideoStatusName;
	/** Why it failed, in words a person understands; null unless `error`. */
	errorReason: string | null;
	/** 0..1 of the transcode */
	progress: number;
	durationSeconds: number | null;
	width: number | null;
	height: number | null;
	thumbnailUrl: string | null;
	/** `/media/videos/{u}/{v}/master.m3u8`, present as soon as the video can play */
	playlistUrl: string | null;
	renditions: Rendition[];
	createdAt: string;
	updatedAt: string;
	/** The caller owns it. */
	canManage: boolean;
}

export interface VideoShare {
	user: PersonSummary;
	sharedAt: string;
}

/** The columns of a user that a PersonSummary is made of. */
export interface PersonColumns {
	id: number;
	username: string;
	full_name: string;
	role: Role;
	profile_image_url: string | null;
}

export type VideoRow = Selectable<VideosTable>;
export type VideoWithOwner = VideoRow & { owner: PersonColumns };

/** Stored objects are served by /media under their key. */
export const mediaUrl = (key: string) => `/media/${key}`;

export function toPersonSummary(user: PersonColumns): PersonSummary {
	return {
		id: user.id,
		username: user.username,
		fullName: user.full_name,
		role: user.role,
		profileImageUrl: user.profile_image_url
	};
}

export function toVideoDto(video: VideoWithOwner, callerId: number): Video {
	return {
		id: video.id,
		owner: toPersonSummary(video.owner),
		title: video.title,
		description: video.description,
		pieceName: video.piece_name,
		composer: video.composer,
		practiceGoals: video.practice_goals,
		isPublic: video.is_public,
		status: video.video_status ?? 'processing',
		errorReason: video.video_status === 'error' ? (video.error_reason ?? 'This video could not be processed.') : null,
		progress: video.progress,
		durationSeconds: video.duration,
		width: video.width,
		height: video.height,
		thumbnailUrl: video.thumbnail_key ? mediaUrl(video.thumbnail_key) : null,
		playlistUrl: video.playlist_key ? mediaUrl(video.playlist_key) : null,
		renditions: video.renditions.map((r) => ({
			name: r.name,
			width: r.width,
			height: r.height,
			bandwidth: r.bandwidth,
			url: mediaUrl(r.key)
		})),
		createdAt: video.created_at.toISOString(),
		updatedAt: video.updated_at.toISOString(),
		canManage: video.user_id === callerId
	};
}
