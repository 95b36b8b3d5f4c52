import type { Database } from '../db/database';
import { notify, type NotificationPush } from '../notifications/notifications.service';

// Who hears about a new comment, and in what words. Rows are written in the comment's
// transaction; the caller pushes them once it commits.

/** Notification titles are at most 255 characters; a long video title is cut to fit. */
const TITLE_MAX = 255;
const EXCERPT_MAX = 140;

/** Where in the video, as a player shows it: "0:03", "12:07", "1:02:09" (seconds rounded down). */
export function clockTime(seconds: number): string {
	const total = Math.floor(seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** "Ana commented on Etude in D at 0:03", the video title shortened when the whole would not fit. */
export function commentTitle(parts: { author: string; verb: string; videoTitle: string; at: number }): string {
	const before = `${parts.author} ${parts.verb} `;
	const after = ` at ${clockTime(parts.at)}`;
	const room = TITLE_MAX - before.length - after.length;
	if (room < 10) return cut(`${before}${parts.videoTitle}${after}`, TITLE_MAX);
	return `${before}${cut(parts.videoTitle, room)}${after}`;
}

export interface CommentNotice {
	/** The new comment or reply: its notification links to the video at its moment. */
	commentId: number;
	authorId: number;
	authorName: string;
	videoId: number;
	videoTitle: string;
	videoOwnerId: number;
	timestamp: number;
	content: string;
	/** For a reply: who wrote the comment it answers. */
	repliedToId?: number;
}

/**
 * The video's owner hears of every comment but their own; for a reply, the author of the
 * comment answered hears too, unless they wrote the reply or are the owner (told once).
 */
export async function notifyOfComment(trx: Database, notice: CommentNotice): Promise<NotificationPush[]> {
	const message = cut(notice.content, EXCERPT_MAX);
	const base = { type: 'comment', message, relatedId: notice.videoId, commentId: notice.commentId } as const;
	const verb = notice.repliedToId === undefined ? 'commented on' : 'replied on';
	const pushes: NotificationPush[] = [];
	if (notice.videoOwnerId !== notice.authorId) {
		const title = commentTitle({ author: notice.authorName, verb, videoTitle: notice.videoTitle, at: notice.timestamp });
		pushes.push(await notify(trx, { ...base, userId: notice.videoOwnerId, title }));
	}
	const answered = notice.repliedToId;
	if (answered !== undefined && answered !== notice.authorId && answered !== notice.videoOwnerId) {
		const title = commentTitle({ author: notice.authorName, verb: 'replied to your comment on', videoTitle: notice.videoTitle, at: notice.timestamp });
		pushes.push(await notify(trx, { ...base, userId: answered, title }));
	}
	return pushes;
}
