import { purgeAbandonedUploads } from '../../uploads/uploads.cleanup';
import type { AppJobHandler } from '../definitions';

/** Removes uploads (rows and files) that nobody finished or claimed within a day. */
export const purgeUploads: AppJobHandler<'uploads.purge-abandoned'> = {
	async run(_payload, deps) {
		const removed = await purgeAbandonedUploads(deps);
		if (removed.uploads || removed.files) deps.logger.info(removed, 'abandoned uploads purged');
	}
};
