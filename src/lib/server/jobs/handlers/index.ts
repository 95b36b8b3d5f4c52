import type { AppJobs } from '../definitions';
import type { HandlerTable } from '../types';
import { sendMail } from './mail-send';
import { purgeCredentials } from './purge-credentials';

/** One handler per job in `jobDefinitions`; leaving one out does not compile. */
export const handlers: HandlerTable<AppJobs> = {
	'mail.send': sendMail,
	'auth.purge-expired-credentials': purgeCredentials
};
