import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/auth.service';
import { loginSchema } from '$lib/server/auth/auth.schemas';
import { clientMeta, setSessionCookie } from '$lib/server/auth/cookies';
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
		let token: string, expiresAt: Date;
		try {
			const result = await login(event.locals.ctx, parseInput(loginSchema, input), clientMeta(event));
			({ token } = result);
			expiresAt = result.session.expires_at;
		} catch (error) {
			return failure(error, { values, fields: ['login', 'password'] });
		}
		setSessionCookie(event, token, expiresAt);
		redirect(303, safeRedirectPath(input.redirectTo || event.url.searchParams.get('redirectTo')));
	}
};
