import { redirect } from '@sveltejs/kit';
import { register } from '$lib/server/auth/auth.service';
import { registerSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { parseInput } from '$lib/server/http';
import { failure, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'username', 'fullName', 'password', 'role'] as const;

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/home');
	return { title: 'Sign up' };
};

export const actions: Actions = {
	default: async (event) => {
		const input = textFields(await event.request.formData(), FIELDS);
		// Everything but the password goes back to the form after a failure.
		const { password: _password, ...values } = input;
		let email: string;
		try {
			const user = await register(event.locals.ctx, parseInput(registerSchema, input), requestMeta(event));
			email = user.email;
		} catch (error) {
			return failure(error, { values, fields: FIELDS });
		}
		redirect(303, `/check-email?email=${encodeURIComponent(email)}`);
	}
};
