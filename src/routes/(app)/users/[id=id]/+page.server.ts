import { error } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import { toPublicUser } from '$lib/server/users/users.dto';
import { getVisibleUser } from '$lib/server/users/users.service';
import { signedInUser } from '../../../forms.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const viewer = signedInUser(event);
	try {
		const user = await getVisibleUser(event.locals.ctx, Number(event.params.id));
		return { title: user.full_name, profile: toPublicUser(user), isSelf: user.id === viewer.id };
	} catch (err) {
		if (err instanceof AppError && err.status === 404) error(404, 'We couldn’t find that person.');
		throw err;
	}
};
