import { signedInUser } from '../forms.server';
import type { LayoutServerLoad } from './$types';

// Anonymous visitors go to the login page and come back here afterwards. (Each page's own load
// and actions check again: a layout load does not guard a page's actions.)
export const load: LayoutServerLoad = (event) => {
	signedInUser(event);
	return {};
};
