// The video API's JSON as the pages and browser modules read it: the server's DTO types (a
// type-only import, erased from the browser bundle), so client and server cannot drift apart.
import type { Video, VideoStatusName } from '$lib/server/videos/video.dto';

export type { PersonSummary, Rendition, Video, VideoShare as Share } from '$lib/server/videos/video.dto';

export type VideoStatus = VideoStatusName;

export interface VideoPage {
	videos: Video[];
	nextCursor: string | null;
}

/** `video:progress` payload. */
export interface VideoProgress {
	videoId: number;
	status: VideoStatus;
	progress: number;
}
