import type { ParamMatcher } from '@sveltejs/kit';

/** The two lists of /relationships: the caller's teachers and the caller's students. */
export const match: ParamMatcher = (param) => param === 'teachers' || param === 'students';
