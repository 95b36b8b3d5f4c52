import { redirect } from '@sveltejs/kit';
import { signedInUser } from '../../forms.server';
import type { PageServerLoad } from './$types';

/** Teachers land on their students, everyone else on their teachers. */
export const load: PageServerLoad = (event) => {
	const user = signedInUser(event);
	redirect(303, user.role === 'teacher' ? '/relationships/students' : '/relationships/teachers');
};
