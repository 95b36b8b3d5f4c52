import { redirect } from '@sveltejs/kit';
import { verifyEmail } from '$lib/server/auth/auth.service';
import { verifyEmailSchema } from '$lib/server/auth/auth.schemas';
import { clientMeta } from '$lib/server/auth/cookies';
import { parseInput } from '$lib/server/http';
import { failure, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

// Opening the link only shows a button: mail scanners prefetch links, so the token is spent by a
// POST from a person, never by a GET.
export const load: PageServerLoad = ({ url }) => ({
	title: 'Confirm your e-mail',
	token: url.searchParams.get('token')?.slice(0, 200) ?? ''
});

export const actions: Actions = {
	default: async (event) => {
		const values = textFields(await event.request.formData(), ['token']);
		try {
			await verifyEmail(event.locals.ctx, parseInput(verifyEmailSchema, values).token, clientMeta(event));
		} catch (error) {
			return failure(error);
		}
		redirect(303, '/login?verified=1');
	}
};
