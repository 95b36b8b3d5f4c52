import { deleteAction, loadProgress, recordAction } from '../progress.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const progress = await loadProgress(event, Number(event.params.id));
	return { title: `Progress of ${progress.student.fullName}`, ...progress };
};

export const actions: Actions = {
	record: (event) => recordAction(event, Number(event.params.id)),
	delete: deleteAction
};
