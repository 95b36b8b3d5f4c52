// Live co-review from the video page: the sessions API from the browser, and the socket events
// that put a "Join" banner up (`review:invited`) and take it down (`review:ended`).
import type { ReviewSession, ReviewSessionRecord } from '$lib/server/review/review-session.dto';
import type { PersonSummary } from './video-types';
import { useSocket } from './socket';

export type { ReviewSession, ReviewSessionRecord } from '$lib/server/review/review-session.dto';

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

const FALLBACK = 'The review service did not answer. Check your connection and try again.';

async function call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
	try {
		const response = await fetch(path, {
			method,
			headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const parsed: unknown = await response.json().catch(() => null);
		if (response.ok && parsed !== null) return { ok: true, value: parsed as T };
		const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
		return {
			ok: false,
			status: response.status,
			code: typeof error?.code === 'string' ? error.code : 'unavailable',
			message: typeof error?.message === 'string' ? error.message : FALLBACK
		};
	} catch {
		return { ok: false, status: 0, code: 'unavailable', message: FALLBACK };
	}
}

const sessionsPath = (videoId: number) => `/api/videos/${videoId}/review-sessions`;

export async function startSession(videoId: number, inviteeIds: number[]): Promise<Answer<ReviewSession>> {
	const answer = await call<{ session: ReviewSession }>('POST', sessionsPath(videoId), { inviteeIds });
	return answer.ok ? { ok: true, value: answer.value.session } : answer;
}

export async function fetchInvitable(videoId: number): Promise<Answer<PersonSummary[]>> {
	const answer = await call<{ people: PersonSummary[] }>('GET', `${sessionsPath(videoId)}/invitable`);
	return answer.ok ? { ok: true, value: answer.value.people } : answer;
}

export async function fetchLiveSessions(videoId: number): Promise<Answer<ReviewSession[]>> {
	const answer = await call<{ sessions: ReviewSession[] }>('GET', sessionsPath(videoId));
	return answer.ok ? { ok: true, value: answer.value.sessions } : answer;
}

export async function fetchRecords(videoId: number): Promise<Answer<ReviewSessionRecord[]>> {
	const answer = await call<{ sessions: ReviewSessionRecord[] }>('GET', `${sessionsPath(videoId)}?status=ended`);
	return answer.ok ? { ok: true, value: answer.value.sessions } : answer;
}

/**
 * Calls the handlers when someone invites this user to a live session, or a session they were
 * asked to ends, until the returned function is called. Events sent while no socket listened are
 * not replayed, so `resync` runs on every (re)connect, and at once when already connected.
 */
export function watchReviewSessions(handlers: {
	invited: (session: ReviewSession) => void;
	ended: (session: ReviewSession) => void;
	resync: () => void;
}): () => void {
	const { socket, release } = useSocket();
	const onInvited = ({ session }: { session: ReviewSession }) => handlers.invited(session);
	const onEnded = ({ session }: { session: ReviewSession }) => handlers.ended(session);
	const onConnect = () => handlers.resync();
	socket.on('review:invited', onInvited);
	socket.on('review:ended', onEnded);
	socket.on('connect', onConnect);
	if (socket.connected) onConnect();
	return () => {
		socket.off('review:invited', onInvited);
		socket.off('review:ended', onEnded);
		socket.off('connect', onConnect);
		release();
	};
}
