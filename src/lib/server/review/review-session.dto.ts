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
