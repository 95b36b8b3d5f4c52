import { error } from '@sveltejs/kit';
import type { CommentPage } from '$lib/client/comment-types';
import type { ReviewSession } from '$lib/client/review-types';
import type { Video } from '$lib/client/video-types';
import { signedInUser } from '../../../forms.server';
import { api } from '../../videos/api.server';
import type { PageServerLoad } from './$types';

// A live co-review: the session (its host and invitees only: anyone else gets the API's 404),
// its video and that video's comments. The live state arrives when the page joins the room.
export const load: PageServerLoad = async (event) => {
	signedInUser(event);
	const found = await api<{ session: ReviewSession }>(event.fetch, `/api/review-sessions/${event.params.id}`);
	if (!found.ok) {
		if (found.status === 404 || found.status === 403) error(404, 'We couldn’t find that review session. It may not be yours to join.');
		error(found.status >= 500 ? 502 : found.status, found.message);
	}
	const { session } = found.data;
	const video = await api<{ video: Video }>(event.fetch, `/api/videos/${session.videoId}`);
	if (!video.ok) error(video.status === 404 || video.status === 403 ? 404 : 502, video.message);
	const listed = await api<CommentPage>(event.fetch, `/api/videos/${session.videoId}/comments`);
	return {
		title: `Live review: ${session.videoTitle}`,
		session,
		video: video.data.video,
		comments: listed.ok ? listed.data : ({ comments: [], hasMore: false, revision: 0 } satisfies CommentPage),
		commentsError: listed.ok ? null : listed.message,
		// For the voice channel: STUN/TURN from ICE_SERVERS (none: peers on one network, or localhost).
		iceServers: event.locals.ctx.config.iceServers
	};
};
