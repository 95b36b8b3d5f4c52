import { error } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import { relationshipsWith } from '$lib/server/relationships/relationships.service';
import { toPublicUser } from '$lib/server/users/users.dto';
import { getVisibleUser } from '$lib/server/users/users.service';
import { signedInUser } from '../../../forms.server';
import { relationshipActions } from '../../relationships/actions.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const viewer = signedInUser(event);
	try {
		const user = await getVisibleUser(event.locals.ctx, Number(event.params.id));
		const isSelf = user.id === viewer.id;
		const relationships = isSelf ? { asStudent: null, asTeacher: null } : await relationshipsWith(event.locals.ctx, viewer, user.id);
		return {
			title: user.full_name,
			profile: toPublicUser(user),
			isSelf,
			// "Request as my teacher" on a teacher's profile; "Invite as my student" for a teacher on a student's.
			askTeacher: !isSelf && user.role === 'teacher',
			inviteStudent: !isSelf && viewer.role === 'teacher' && user.role === 'student',
			relationships
		};
	} catch (err) {
		if (err instanceof AppError && err.status === 404) error(404, 'We couldn’t find that person.');
		throw err;
	}
};

export const actions: Actions = relationshipActions;
