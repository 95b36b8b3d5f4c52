import { NOTIFICATION_TYPES } from '$lib/server/notifications/notification-types';
import { preferencesOf, updatePreferences } from '$lib/server/notifications/preferences.service';
import { signedInUser } from '../../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = signedInUser(event);
	return { preferences: await preferencesOf(event.locals.ctx.db, user.id) };
};

export const actions: Actions = {
	// The whole table at once: a checkbox left unticked is sent as nothing, which means off.
	default: async (event) => {
		const user = signedInUser(event);
		const form = await event.request.formData();
		const preferences = NOTIFICATION_TYPES.map((type) => ({
			type,
			inApp: form.get(`${type}.inApp`) === 'on',
			email: form.get(`${type}.email`) === 'on'
		}));
		await updatePreferences(event.locals.ctx, user.id, { preferences });
		return { saved: true };
	}
};
