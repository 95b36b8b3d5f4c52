import { listMyConversations } from '$lib/server/messaging/conversations.service';
import { signedInUser } from '../../forms.server';
import type { LayoutServerLoad } from './$types';

/** How many conversations a page of the list beside the open one holds (latest first). */
const INBOX_SIZE = 50;

export const load: LayoutServerLoad = async (event) => {
	const user = signedInUser(event);
	const { conversations, nextCursor } = await listMyConversations(event.locals.ctx, user, { limit: INBOX_SIZE });
	return { inbox: { conversations, nextCursor }, inboxSize: INBOX_SIZE };
};
