import { error } from '@sveltejs/kit';
import { canOnConversation } from '$lib/server/access';
import { AppError } from '$lib/server/errors';
import { getConversation } from '$lib/server/messaging/conversations.service';
import { listConversationMessages } from '$lib/server/messaging/message-lists.service';
import { signedInUser } from '../../../forms.server';
import type { PageServerLoad } from './$types';

/** The newest messages shown on opening; older ones load on demand. */
const FIRST_PAGE = 50;

export const load: PageServerLoad = async (event) => {
	const user = signedInUser(event);
	const id = Number(event.params.id);
	try {
		const conversation = await getConversation(event.locals.ctx, user, id);
		const page = await listConversationMessages(event.locals.ctx, user, id, { limit: FIRST_PAGE });
		const canSend = (await canOnConversation(event.locals.ctx.db, user, id, 'post')).allowed;
		const names = conversation.members.map((m) => m.fullName).join(', ');
		return { title: `Messages with ${names}`, conversation, messages: page.messages, hasOlder: page.hasMore, revision: page.revision, canSend };
	} catch (err) {
		if (err instanceof AppError && err.status === 404) error(404, 'We couldn’t find that conversation.');
		throw err;
	}
};
