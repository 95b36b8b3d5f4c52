// Loading a student's progress for the two progress pages, and the teacher's actions on them.
import { error } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import { parseInput } from '$lib/server/http';
import { progressCreateSchema } from '$lib/server/progress/progress.schemas';
import { deleteProgress, listProgress, recordableVideos, recordProgress } from '$lib/server/progress/progress.service';
import { failure, signedInUser, textFields } from '../../forms.server';
import { SCORE_FIELDS } from './score-fields';

type PageEvent = { locals: App.Locals; url: URL };
type ActionEvent = PageEvent & { request: Request };

// The chart draws up to 200 entries (the newest); older ones stay readable through the API's cursor.
const LIMIT = 200;

export async function loadProgress(event: PageEvent, studentId?: number) {
	const user = signedInUser(event);
	try {
		const progress = await listProgress(event.locals.ctx, user, { studentId, limit: LIMIT });
		const videos = progress.canRecord ? await recordableVideos(event.locals.ctx, user, progress.student.id) : [];
		return { ...progress, videos };
	} catch (err) {
		if (err instanceof AppError && err.status === 404) error(404, 'We couldn’t find that student’s progress.');
		throw err;
	}
}

const FIELDS = ['videoId', ...SCORE_FIELDS.map((f) => f.name), 'notes'] as const;
const numberOrText = (value: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value.trim() === '' ? undefined : value);

export async function recordAction(event: ActionEvent, studentId: number) {
	const user = signedInUser(event);
	const values = textFields(await event.request.formData(), FIELDS);
	try {
		const input = parseInput(progressCreateSchema, {
			studentId,
			videoId: values.videoId ? Number(values.videoId) : undefined,
			...Object.fromEntries(SCORE_FIELDS.map((f) => [f.name, numberOrText(values[f.name])])),
			notes: values.notes
		});
		await recordProgress(event.locals.ctx, user, input);
	} catch (err) {
		return failure(err, { values, fields: FIELDS });
	}
	return { recorded: true as const };
}

export async function deleteAction(event: ActionEvent) {
	const user = signedInUser(event);
	const id = Number((await event.request.formData()).get('id'));
	try {
		await deleteProgress(event.locals.ctx, user, Number.isInteger(id) && id > 0 ? id : 0);
	} catch (err) {
		return failure(err);
	}
	return { deleted: true as const };
}
