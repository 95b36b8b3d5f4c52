import { readableOutbox } from '$lib/server/mail/dev-outbox';
import { resendVerification } from '$lib/server/auth/auth.service';
import { resendVerificationSchema } from '$lib/server/auth/auth.schemas';
import { requestMeta } from '$lib/server/auth/request-meta';
import { parseInput } from '$lib/server/http';
import { failure, textFields } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => {
	return {
		title: 'Check your e-mail',
		email: url.searchParams.get('email')?.slice(0, 255) ?? '',
		// On a development machine, the mails that were "sent" can be read at /dev/outbox.
		devOutbox: !!readableOutbox(locals.ctx, locals.clientAddress)
	};
};

export const actions: Actions = {
	resend: async (event) => {
		const values = textFields(await event.request.formData(), ['email']);
		try {
			const { email } = parseInput(resendVerificationSchema, values);
			await resendVerification(event.locals.ctx, email, requestMeta(event));
			return { resent: true, email };
		} catch (error) {
			return failure(error, { values, fields: ['email'] });
		}
	}
};
