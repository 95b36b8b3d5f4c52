import { redirect } from '@sveltejs/kit';
import type { Video } from '$lib/client/video-types';
import { signedInUser, textFields } from '../../../forms.server';
import { api, apiFailure } from '../api.server';
import { DETAIL_FIELDS, detailsFromForm } from '../details';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	signedInUser(event);
	// Cross-origin isolation gives this page SharedArrayBuffer, which ffmpeg.wasm's threads need.
	// Only this page: it also stops the page from embedding anything of another origin.
	event.setHeaders({ 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
	const engine = event.url.searchParams.get('engine');
	return { title: 'Upload a video', engine: engine === 'ffmpeg' || engine === 'webcodecs' ? engine : null };
};

export const actions: Actions = {
	// Without JavaScript the browser posts the file with the form: it goes on to the API as
	// multipart, uncompressed (page form bodies are bounded at 16 MB before this runs).
	default: async (event) => {
		signedInUser(event);
		const form = await event.request.formData();
		const values = textFields(form, DETAIL_FIELDS);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return apiFailure({ ok: false, status: 400, code: 'validation', message: 'Choose a video file to upload.', field: 'file' }, values);
		}
		const body = new FormData();
		body.set('file', file, file.name);
		for (const [name, value] of Object.entries(detailsFromForm(form))) body.set(name, String(value));
		const response = await event.fetch('/api/videos', { method: 'POST', body, headers: { accept: 'application/json' } });
		const text = await response.text();
		if (!response.ok) {
			const error = (() => {
				try {
					return (JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } }).error;
				} catch {
					return undefined;
				}
			})();
			return apiFailure(
				{ ok: false, status: response.status, code: error?.code ?? 'unavailable', message: error?.message ?? 'The upload failed. Please try again.', field: error?.field ?? null },
				values
			);
		}
		const { video } = JSON.parse(text) as { video: Video };
		redirect(303, `/videos/${video.id}`);
	}
};
