import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/server/auth/auth.service';
import { clientMeta, deleteSessionCookie } from '$lib/server/auth/cookies';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST (the button in the user menu); a GET, e.g. a link
// prefetched by the browser, only sends the visitor home.
export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? '/home' : '/');
};

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.session) await logout(event.locals.ctx, event.locals.session, clientMeta(event));
		deleteSessionCookie(event);
		redirect(303, '/');
	}
};
