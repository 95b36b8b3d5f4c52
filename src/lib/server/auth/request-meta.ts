import type { RequestEvent } from '@sveltejs/kit';
import type { RequestMeta } from './auth.service';
import { clientMeta } from './cookies';

/** Client address, user agent and the origin that e-mailed links use (never the request's Host). */
export function requestMeta(event: RequestEvent): RequestMeta {
	return { ...clientMeta(event), origin: event.locals.ctx.publicOrigin };
}
