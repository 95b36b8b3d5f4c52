import type { AppContext } from '../context';
import type { Outbox } from './mailer';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * The dev outbox, when the caller may read it: never in production or with real SMTP, and only
 * from the machine itself. It holds live verification and reset links, so a deployment that
 * forgot NODE_ENV=production must not hand them to the internet.
 */
export function readableOutbox(ctx: AppContext, clientAddress: string | null): Outbox | undefined {
	if (ctx.config.env === 'production' || !ctx.mailer.outbox) return undefined;
	if (!clientAddress || !LOOPBACK.test(clientAddress)) return undefined;
	return ctx.mailer.outbox;
}
