import { purgeExpiredCredentials } from '../../auth/cleanup';
import type { AppJobHandler } from '../definitions';

/** Deletes expired sessions and stale e-mail tokens; idempotent, scheduled hourly. */
export const purgeCredentials: AppJobHandler<'auth.purge-expired-credentials'> = {
	async run(_payload, { db, logger }) {
		const removed = await purgeExpiredCredentials(db);
		logger.info(removed, 'expired credentials purged');
	}
};
