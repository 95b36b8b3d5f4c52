import { signedInUser } from '../../forms.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = signedInUser(event);
	return {
		title: 'Home',
		// What is still missing from the profile, for the "next steps" list.
		profileComplete: !!(user.bio && user.instruments?.length && user.experience_level)
	};
};
