import { AppError } from '$lib/server/errors';
import { parseInput } from '$lib/server/http';
import { toPublicUser } from '$lib/server/users/users.dto';
import { teacherSearchSchema } from '$lib/server/users/users.schemas';
import { listTeachers } from '$lib/server/users/users.service';
import { signedInUser } from '../../forms.server';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 12;

export const load: PageServerLoad = async (event) => {
	signedInUser(event);
	const params = event.url.searchParams;
	const q = params.get('q')?.trim() ?? '';
	const instrument = params.get('instrument')?.trim() ?? '';
	const cursor = params.get('cursor') ?? '';
	const base = { title: 'Teachers', q, instrument, cursor: cursor || null };
	try {
		const search = parseInput(teacherSearchSchema, {
			q: q || undefined,
			instrument: instrument || undefined,
			cursor: cursor || undefined,
			limit: PAGE_SIZE
		});
		const { teachers, nextCursor } = await listTeachers(event.locals.ctx, search);
		return { ...base, teachers: teachers.map(toPublicUser), nextCursor, error: null };
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		return { ...base, teachers: [], nextCursor: null, error: error.message };
	}
};
