import type { PageServerLoad } from './$types';
import { loadVideoList } from '../list.server';

export const load: PageServerLoad = (event) => loadVideoList(event, '/api/videos/shared', 'Shared with me');
