import { parseInput } from '$lib/server/http';
import { profileUpdateSchema } from '$lib/server/users/users.schemas';
import { removeProfileImage, setProfileImage, updateProfile } from '$lib/server/users/users.service';
import { failure, signedInUser, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['fullName', 'bio', 'instruments', 'experienceLevel'] as const;

export const load: PageServerLoad = (event) => {
	signedInUser(event);
	return { title: 'Your profile' };
};

export const actions: Actions = {
	save: async (event) => {
		const user = signedInUser(event);
		const ctx = event.locals.ctx;
		const form = await event.request.formData();
		const values = textFields(form, FIELDS);
		const image = form.get('image');
		try {
			const input = parseInput(profileUpdateSchema, {
				fullName: values.fullName,
				bio: values.bio.trim() ? values.bio : null,
				instruments: values.instruments
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean),
				experienceLevel: values.experienceLevel || null
			});
			// The picture first: if it is refused, nothing of the form is saved and all can be retried.
			if (image instanceof File && image.size > 0) {
				event.locals.user = await setProfileImage(ctx, user.id, new Uint8Array(await image.arrayBuffer()));
			}
			// The layout's load runs after the action in the same request (always so without
			// JavaScript): it must see the updated row, not the one read before the action.
			event.locals.user = await updateProfile(ctx, user.id, input);
		} catch (error) {
			return failure(error, { values, fields: [...FIELDS, 'image'] });
		}
		return { saved: true as const };
	},
	removeImage: async (event) => {
		const user = signedInUser(event);
		try {
			event.locals.user = await removeProfileImage(event.locals.ctx, user.id);
		} catch (error) {
			return failure(error);
		}
		return { removed: true as const };
	}
};
