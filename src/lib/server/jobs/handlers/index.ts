import type { AppJobs } from '../definitions';
import type { HandlerTable } from '../types';
import { sendMail } from './mail-send';
import { sendNotificationEmailsJob } from './notification-emails';
import { purgeCredentials } from './purge-credentials';
import { purgeUploads } from './purge-uploads';
import { transcodeVideo } from './video-transcode';

/** One handler per job in `jobDefinitions`; leaving one out does not compile. */
export const handlers: HandlerTable<AppJobs> = {
	'mail.send': sendMail,
	'notifications.send-emails': sendNotificationEmailsJob,
	'auth.purge-expired-credentials': purgeCredentials,
	'video.transcode': transcodeVideo,
	'uploads.purge-abandoned': purgeUploads
};
