// The sentence an ended co-review leaves on its video page: "Reviewed live with Theo on 3 May,
// 18 min, 7 comments". The people named are the others who took part (the reader is "with"
// them); someone who was not there reads who was ("by Ana and Theo").
import type { ReviewSessionRecord } from '$lib/server/review/review-session.dto';

const LOCALE = 'en-GB';

export function formatMinutes(seconds: number): string {
	if (seconds < 60) return 'under a minute';
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function formatSessionDate(iso: string, now = new Date()): string {
	const date = new Date(iso);
	const sameYear = date.getFullYear() === now.getFullYear();
	return date.toLocaleDateString(LOCALE, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) });
}

const names = (people: { fullName: string }[]) => new Intl.ListFormat(LOCALE, { type: 'conjunction' }).format(people.map((p) => p.fullName));

export function recordLine(record: Pick<ReviewSessionRecord, 'participants' | 'createdAt' | 'durationSeconds' | 'commentCount'>, me: number, now = new Date()): string {
	const took = record.participants.some((p) => p.id === me);
	const others = record.participants.filter((p) => p.id !== me);
	const who = took ? (others.length ? ` with ${names(others)}` : '') : ` by ${names(record.participants)}`;
	const comments = record.commentCount === 0 ? 'no comments' : `${record.commentCount} ${record.commentCount === 1 ? 'comment' : 'comments'}`;
	return `Reviewed live${who} on ${formatSessionDate(record.createdAt, now)}, ${formatMinutes(record.durationSeconds)}, ${comments}`;
}
