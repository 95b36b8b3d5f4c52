import { toSelfUser } from '$lib/server/users/users.dto';
import type { LayoutServerLoad } from './$types';

/** Every page learns who is signed in (never the password hash: a SelfUser, not the row). */
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? toSelfUser(locals.user) : null
});
