// The video API's JSON (docs: the video contract), as the pages and browser modules read it.

/** A person as the video API shows them. */
export interface PersonSummary {
	id: number;
	username: string;
	fullName: string;
	role: 'student' | 'teacher' | 'admin';
	profileImageUrl: string | null;
}

/** One rung of the HLS ladder. */
export interface Rendition {
	name: string;
	width: number;
	height: number;
	bandwidth: number;
	url: string;
}

export type VideoStatus = 'processing' | 'ready' | 'error';

export interface Video {
	id: number;
	owner: PersonSummary;
	title: string;
	description: string | null;
	pieceName: string | null;
	composer: string | null;
	practiceGoals: string | null;
	isPublic: boolean;
	status: VideoStatus;
	errorReason: string | null;
	/** 0..1 of the transcode. */
	progress: number;
	durationSeconds: number | null;
	width: number | null;
	height: number | null;
	thumbnailUrl: string | null;
	/** Present as soon as the video can play. */
	playlistUrl: string | null;
	renditions: Rendition[];
	createdAt: string;
	updatedAt: string;
	/** The caller owns it. */
	canManage: boolean;
}

export interface VideoPage {
	videos: Video[];
	nextCursor: string | null;
}

export interface Share {
	user: PersonSummary;
	sharedAt: string;
}

/** `video:progress` payload. */
export interface VideoProgress {
	videoId: number;
	status: VideoStatus;
	progress: number;
}
