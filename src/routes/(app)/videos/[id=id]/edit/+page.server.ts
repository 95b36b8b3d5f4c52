import { error, redirect } from '@sveltejs/kit';
import type { Video } from '$lib/client/video-types';
import { signedInUser, textFields } from '../../../../forms.server';
import { api, apiFailure } from '../../api.server';
import { DETAIL_FIELDS, detailsForEdit } from '../../details';
import { loadVideo } from '../video.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	signedInUser(event);
	const video = await loadVideo(event);
	if (!video.canManage) error(404, 'We couldn’t find that video.');
	return { title: `Edit “${video.title}”`, video };
};

export const actions: Actions = {
	default: async (event) => {
		signedInUser(event);
		const form = await event.request.formData();
		const body = detailsForEdit(form);
		if (!body.title) {
			return apiFailure({ ok: false, status: 400, code: 'validation', message: 'Give the video a title.', field: 'title' }, textFields(form, DETAIL_FIELDS));
		}
		const result = await api<{ video: Video }>(event.fetch, `/api/videos/${event.params.id}`, { method: 'PUT', body });
		if (!result.ok) return apiFailure(result, textFields(form, DETAIL_FIELDS));
		redirect(303, `/videos/${event.params.id}?saved=1`);
	}
};
