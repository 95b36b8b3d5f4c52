import { redirect } from '@sveltejs/kit';
import type { CommentPage } from '$lib/client/comment-types';
import type { ReviewSession, ReviewSessionRecord } from '$lib/client/review-sessions';
import type { PersonSummary, Share } from '$lib/client/video-types';
import { signedInUser } from '../../../forms.server';
import { api, apiFailure } from '../api.server';
import { loadVideo } from './video.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	signedInUser(event);
	const video = await loadVideo(event);
	// The comments come with the page (readable without JavaScript); the browser then keeps them live.
	const listed = await api<CommentPage>(event.fetch, `/api/videos/${video.id}/comments`);
	const comments: CommentPage = listed.ok ? listed.data : { comments: [], hasMore: false, revision: 0 };
	const commentsError = listed.ok ? null : listed.message;
	// Live sessions for the "Join" banner and the record of ended ones; the page works without them.
	const [live, ended] = await Promise.all([
		api<{ sessions: ReviewSession[] }>(event.fetch, `/api/videos/${video.id}/review-sessions`),
		api<{ sessions: ReviewSessionRecord[] }>(event.fetch, `/api/videos/${video.id}/review-sessions?status=ended`)
	]);
	const liveSessions = live.ok ? live.data.sessions : [];
	const records = ended.ok ? ended.data.sessions : [];
	const base = { title: video.title, video, comments, commentsError, liveSessions, records, shares: [] as Share[], sharesError: null as string | null, search: null as null | { q: string; users: PersonSummary[]; error: string | null } };
	if (!video.canManage) return base;
	const shares = await api<{ shares: Share[] }>(event.fetch, `/api/videos/${video.id}/shares`);
	const q = event.url.searchParams.get('q')?.trim() ?? '';
	// Without JavaScript the share dialog searches through the page's own address (?q=).
	let search = null;
	if (q) {
		const found = await api<{ users: PersonSummary[] }>(event.fetch, `/api/users/search?q=${encodeURIComponent(q)}`);
		search = { q, users: found.ok ? found.data.users : [], error: found.ok ? null : found.message };
	}
	return {
		...base,
		shares: shares.ok ? shares.data.shares : [],
		sharesError: shares.ok ? null : shares.message,
		search,
		shareOpen: !!q || event.url.searchParams.has('share')
	};
};

const userIdFrom = (form: FormData) => {
	const value = Number(form.get('userId'));
	return Number.isInteger(value) && value > 0 ? value : null;
};

export const actions: Actions = {
	share: async (event) => {
		signedInUser(event);
		const userId = userIdFrom(await event.request.formData());
		if (!userId) return apiFailure({ ok: false, status: 400, code: 'validation', message: 'Choose a person to share with.', field: 'userId' });
		const result = await api(event.fetch, `/api/videos/${event.params.id}/share`, { method: 'POST', body: { userId } });
		if (!result.ok) return apiFailure(result);
		return { shared: userId };
	},
	unshare: async (event) => {
		signedInUser(event);
		const userId = userIdFrom(await event.request.formData());
		if (!userId) return apiFailure({ ok: false, status: 400, code: 'validation', message: 'Choose a person.', field: 'userId' });
		const result = await api(event.fetch, `/api/videos/${event.params.id}/share/${userId}`, { method: 'DELETE' });
		if (!result.ok) return apiFailure(result);
		return { unshared: userId };
	},
	delete: async (event) => {
		signedInUser(event);
		const result = await api(event.fetch, `/api/videos/${event.params.id}`, { method: 'DELETE' });
		if (!result.ok) return apiFailure(result);
		redirect(303, '/videos?deleted=1');
	}
};
