import { readableOutbox } from '$lib/server/mail/dev-outbox';
import { forgotPassword } from '$lib/server/auth/auth.service';
import { forgotPasswordSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { parseInput } from '$lib/server/http';
import { failure, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	title: 'Reset your password',
	devOutbox: !!readableOutbox(locals.ctx, locals.clientAddress)
});

export const actions: Actions = {
	default: async (event) => {
		const values = textFields(await event.request.formData(), ['email']);
		try {
			const { email } = parseInput(forgotPasswordSchema, values);
			await forgotPassword(event.locals.ctx, email, requestMeta(event));
			// The same answer whether or not the address has an account.
			return { sent: true, email };
		} catch (error) {
			return failure(error, { values, fields: ['email'] });
		}
	}
};
