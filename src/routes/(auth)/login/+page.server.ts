import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/auth.service';
import { loginSchema } from '$lib/server/auth/auth.schemas';
import { loginMeta, setLoginCookies } from '$lib/server/auth/cookies';
import { parseInput } from '$lib/server/http';
import { failure, safeRedirectPath, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = url.searchParams.get('redirectTo');
	if (locals.user) redirect(303, safeRedirectPath(redirectTo));
	return {
		title: 'Log in',
		redirectTo: redirectTo && safeRedirectPath(redirectTo, '') ? redirectTo : null,
		verified: url.searchParams.has('verified'),
		reset: url.searchParams.has('reset')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = textFields(form, ['login', 'password', 'redirectTo']);
		const values = { login: input.login };
		let result: Awaited<ReturnType<typeof login>>;
		try {
			result = await login(event.locals.ctx, parseInput(loginSchema, input), loginMeta(event));
		} catch (error) {
			return failure(error, { values, fields: ['login', 'password'] });
		}
		setLoginCookies(event, result);
		redirect(303, safeRedirectPath(input.redirectTo || event.url.searchParams.get('redirectTo')));
	}
};
