import { redirect } from '@sveltejs/kit';
import { parseInput } from '$lib/server/http';
import { createConversationSchema } from '$lib/server/messaging/messaging.schemas';
import { startConversation } from '$lib/server/messaging/conversations.service';
import { failure, signedInUser } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	signedInUser(event);
	return { title: 'Messages' };
};

export const actions: Actions = {
	/** The "Message" buttons on profiles and relationship lists: opens (or starts) the conversation. */
	start: async (event) => {
		const user = signedInUser(event);
		const form = await event.request.formData();
		let id: number;
		try {
			const input = parseInput(createConversationSchema, { userIds: [Number(form.get('userId'))] });
			id = (await startConversation(event.locals.ctx, user, input)).conversation.id;
		} catch (error) {
			return failure(error);
		}
		redirect(303, `/messages/${id}`);
	}
};
