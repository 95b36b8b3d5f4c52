import { redirect } from '@sveltejs/kit';
import { resetPassword } from '$lib/server/auth/auth.service';
import { resetPasswordSchema } from '$lib/server/auth/auth.schemas';
import { clientMeta } from '$lib/server/auth/cookies';
import { invalid } from '$lib/server/errors';
import { parseInput } from '$lib/server/http';
import { failure, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	title: 'Choose a new password',
	token: url.searchParams.get('token')?.slice(0, 200) ?? ''
});

export const actions: Actions = {
	default: async (event) => {
		const input = textFields(await event.request.formData(), ['token', 'password', 'confirm']);
		try {
			// Checked before the service, so a typo never spends the single-use link.
			if (input.password !== input.confirm) throw invalid('confirm', 'The two passwords are not the same.');
			await resetPassword(event.locals.ctx, parseInput(resetPasswordSchema, input), clientMeta(event));
		} catch (error) {
			return failure(error, { fields: ['password', 'confirm'] });
		}
		redirect(303, '/login?reset=1');
	}
};
