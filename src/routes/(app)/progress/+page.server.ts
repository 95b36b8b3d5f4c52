import { deleteAction, loadProgress } from './progress.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ title: 'My progress', ...(await loadProgress(event)) });

export const actions: Actions = { delete: deleteAction };
