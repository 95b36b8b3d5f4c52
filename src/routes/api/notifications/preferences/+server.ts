import { requireUser } from '$lib/server/auth/cookies';
import { endpoint, readJson } from '$lib/server/http';
import { preferencesUpdateSchema } from '$lib/server/notifications/notifications.schemas';
import { preferencesOf, updatePreferences } from '$lib/server/notifications/preferences.service';
import type { RequestHandler } from './$types';

/** Every notification type with the caller's in-app and e-mail choice: `{preferences: [{type, label, inApp, email}]}`. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ preferences: await preferencesOf(event.locals.ctx.db, user.id) });
});

/** `{preferences: [{type, inApp?, email?}]}`: changes those types; answers the whole set. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const input = await readJson(event.request, preferencesUpdateSchema);
	return Response.json({ preferences: await updatePreferences(event.locals.ctx, user.id, input) });
});
