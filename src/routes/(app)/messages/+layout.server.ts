import { listMyConversations } from '$lib/server/messaging/conversations.service';
import { signedInUser } from '../../forms.server';
import type { LayoutServerLoad } from './$types';

/** How many conversations the list beside the open one shows (latest first). */
const INBOX_SIZE = 50;

export const load: LayoutServerLoad = async (event) => {
	const user = signedInUser(event);
	const { conversations } = await listMyConversations(event.locals.ctx, user, { limit: INBOX_SIZE });
	return { inbox: conversations, inboxSize: INBOX_SIZE };
};
