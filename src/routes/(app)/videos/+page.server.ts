import { signedInUser } from '../../forms.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	signedInUser(event);
	return { title: 'Videos' };
};
