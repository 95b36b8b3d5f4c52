import { fail } from '@sveltejs/kit';
import { parseInput } from '$lib/server/http';
import { notificationListSchema } from '$lib/server/notifications/notifications.schemas';
import { listForUser, readAll, readOne } from '$lib/server/notifications/notifications.service';
import { failure, signedInUser } from '../../forms.server';
import { relationshipActions } from '../relationships/actions.server';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 20;

// Every notification the reader is shown, newest first, a page at a time (`?cursor=`), all or
// unread only (`?unread=true`); each can be marked read, or all at once. Works without JavaScript.
export const load: PageServerLoad = async (event) => {
	const user = signedInUser(event);
	const params = event.url.searchParams;
	let query;
	try {
		query = parseInput(notificationListSchema, { cursor: params.get('cursor') ?? undefined, unread: params.get('unread') ?? undefined, limit: PAGE });
	} catch {
		query = { limit: PAGE };
	}
	const page = await listForUser(event.locals.ctx, user, query);
	return { ...page, unreadOnly: query.unread === true, paged: query.cursor !== undefined };
};

export const actions: Actions = {
	read: async (event) => {
		const user = signedInUser(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return fail(400, { message: 'Choose a notification.', field: 'id' });
		try {
			await readOne(event.locals.ctx, user, id);
		} catch (error) {
			return failure(error);
		}
		return { done: 'Marked as read.' };
	},
	readAll: async (event) => {
		const user = signedInUser(event);
		await readAll(event.locals.ctx, user.id);
		return { done: 'All notifications marked as read.' };
	},
	accept: relationshipActions.accept,
	decline: relationshipActions.decline
};
