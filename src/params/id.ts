import type { ParamMatcher } from '@sveltejs/kit';

/** A positive integer id that fits a PostgreSQL integer column. */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,9}$/.test(param) && Number(param) <= 2_147_483_647;
