import { unreadTotal } from '$lib/server/messaging/conversations.service';
import { listForUser } from '$lib/server/notifications/notifications.service';
import { signedInUser } from '../forms.server';
import type { LayoutServerLoad } from './$types';

// Anonymous visitors go to the login page and come back here afterwards. (Each page's own load
// and actions check again: a layout load does not guard a page's actions.)
export const load: LayoutServerLoad = async (event) => {
	const user = signedInUser(event);
	// The bell's unread count and newest few; live updates come over the socket.
	const { notifications, unreadCount } = await listForUser(event.locals.ctx, user, { limit: 5 });
	// The Messages link's unread count, kept live by the header the same way.
	return { notifications: { notifications, unreadCount }, unreadMessages: await unreadTotal(event.locals.ctx, user.id) };
};
