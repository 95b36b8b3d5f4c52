import type { Selectable } from 'kysely';
import type { PlaybackState } from '../../review/playback';
import type { ReviewSessionsTable } from '../db/schema.content';
import { toPersonSummary, type PersonColumns, type PersonSummary } from '../videos/video.dto';

// The JSON of a live co-review session, for the API, the `review:*` events and the pages.

export type ReviewSessionStatusName = 'active' | 'ended';

export interface ReviewSession {
	id: number;
	videoId: number;
	videoTitle: string;
	host: PersonSummary;
	invitees: PersonSummary[];
	status: ReviewSessionStatusName;
	createdAt: string;
	endedAt: string | null;
	/** The page of the session. */
	url: string;
	/** The shared playback state while the session is live; null once it ended. */
	playback: PlaybackState | null;
}

/** Someone in the session's room now, with how many connections (tabs, devices) they have there. */
export interface Participant {
	user: PersonSummary;
	connections: number;
}

/** Someone whose last connection to the session dropped: shown as reconnecting until `until` (server ms). */
export interface Reconnecting {
	userId: number;
	until: number;
}

/** Who is in a session's room, and who dropped out of it lately and may come back. */
export interface RoomPresence {
	participants: Participant[];
	reconnecting: Reconnecting[];
}

export type ReviewSessionRow = Selectable<ReviewSessionsTable>;

export interface ReviewSessionParts {
	row: ReviewSessionRow;
	videoTitle: string;
	host: PersonColumns;
	invitees: PersonColumns[];
	playback: PlaybackState | null;
}

export const reviewSessionPath = (id: number) => `/review/${id}`;

export function toReviewSession({ row, videoTitle, host, invitees, playback }: ReviewSessionParts): ReviewSession {
	const ended = row.status === 'ended';
	return {
		id: row.id,
		videoId: row.video_id,
		videoTitle,
		host: toPersonSummary(host),
		invitees: invitees.map(toPersonSummary),
		status: ended ? 'ended' : 'active',
		createdAt: row.created_at.toISOString(),
		endedAt: row.ended_at?.toISOString() ?? null,
		url: reviewSessionPath(row.id),
		playback: ended ? null : playback
	};
}

/**
 * An ended session as the video page tells it: "Reviewed live with Theo on 3 May, 18 min,
 * 7 comments". Worked out from the facts when read (who joined, when it started and ended, the
 * comments of the video), so a comment deleted since no longer counts.
 */
export interface ReviewSessionRecord extends ReviewSession {
	/** Who joined, in the order they first came; invitees who never came are not listed. */
	participants: PersonSummary[];
	/** From the start to the end, whole seconds. */
	durationSeconds: number;
	/** Comments and replies the participants made on the video during the session. */
	commentCount: number;
}

export function toReviewSessionRecord(parts: ReviewSessionParts & { participants: PersonColumns[]; commentCount: number }): ReviewSessionRecord {
	const session = toReviewSession(parts);
	const ended = parts.row.ended_at ?? parts.row.created_at;
	return {
		...session,
		participants: parts.participants.map(toPersonSummary),
		durationSeconds: Math.max(0, Math.round((ended.getTime() - parts.row.created_at.getTime()) / 1000)),
		commentCount: parts.commentCount
	};
}
