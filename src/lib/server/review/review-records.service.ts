import { assertCanOnVideo, canOnVideo } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { listNamedViewers } from '../videos/videos.repository';
import { toPersonSummary, type PersonSummary } from '../videos/video.dto';
import { listSessionRecords } from './review-records.repository';
import { toReviewSessionRecord, type ReviewSessionRecord } from './review-session.dto';

// What the video page shows around live co-review besides the live sessions themselves: whom a
// session can be started with, and the record of the sessions that ended.

export interface SessionRecordPage {
	sessions: ReviewSessionRecord[];
	/** Ask again with `before=` this to read older sessions; null at the end. */
	nextCursor: string | null;
}

/**
 * The video's ended sessions that someone joined: all of them for the video's owner, those they
 * joined for anyone else who may view it (an invitee who never came sees nothing of it).
 */
export async function listEndedSessions(
	ctx: AppContext,
	caller: SessionUser,
	videoId: number,
	page: { limit: number; before?: number }
): Promise<SessionRecordPage> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const owner = (await canOnVideo(ctx.db, caller, videoId, 'manage')).allowed;
	const rows = await listSessionRecords(ctx.db, { videoId, viewerId: owner ? null : caller.id, limit: page.limit + 1, beforeId: page.before });
	const sessions = rows.slice(0, page.limit).map((row) => toReviewSessionRecord({ ...row, playback: null }));
	const last = sessions.at(-1);
	return { sessions, nextCursor: rows.length > page.limit && last ? String(last.id) : null };
}

/**
 * Whom the caller can start a session with: the video's owner and the people it is shared with,
 * but not the caller. A co-review is between people who may already see the video, so they are
 * shown to each other here, as the video's owner sees them in the share dialog.
 */
export async function listInvitablePeople(ctx: AppContext, caller: SessionUser, videoId: number): Promise<PersonSummary[]> {
	await assertCanOnVideo(ctx.db, caller, videoId, 'view');
	const people = await listNamedViewers(ctx.db, videoId);
	return people.filter((person) => person.id !== caller.id).map(toPersonSummary);
}
