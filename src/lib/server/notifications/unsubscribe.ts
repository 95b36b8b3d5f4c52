import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../auth/app-secret';
import type { Config } from '../config';
import { isNotificationType, type NotificationType } from './notification-types';

// One-click unsubscribe links (RFC 8058): `/unsubscribe?u=<user>&types=<a,b>&s=<signature>`, the
// signature an HMAC-SHA256 of `u:types` under a key derived from SECRET_KEY for this purpose only.
// Anyone holding the link may turn those e-mails off for that user, which is all it can do, so it
// needs no session and does not expire; changing SECRET_KEY voids every link sent before.

const PURPOSE = 'classcast notification unsubscribe v1';
type Keyed = Pick<Config, 'secretKey' | 'dataDir'>;

export interface Unsubscription {
	userId: number;
	types: NotificationType[];
}

const canonical = (u: Unsubscription) => `${u.userId}:${[...u.types].sort().join(',')}`;

async function signature(config: Keyed, u: Unsubscription): Promise<string> {
	return createHmac('sha256', await derivedKey(config, PURPOSE)).update(canonical(u)).digest('base64url');
}

/** The query string of an unsubscribe link (without `?`). */
export async function unsubscribeQuery(config: Keyed, u: Unsubscription): Promise<string> {
	const types = [...new Set(u.types)].sort();
	const params = new URLSearchParams({ u: String(u.userId), types: types.join(','), s: await signature(config, { ...u, types }) });
	return params.toString();
}

/** What a link's parameters allow, or undefined when they are malformed or not signed by us. */
export async function verifyUnsubscribe(config: Keyed, params: URLSearchParams): Promise<Unsubscription | undefined> {
	const u = params.get('u') ?? '';
	const list = params.get('types') ?? '';
	const s = params.get('s') ?? '';
	if (!/^[1-9]\d{0,9}$/.test(u) || !/^[A-Za-z0-9_-]{43}$/.test(s)) return undefined;
	const names = list.split(',');
	if (names.length === 0 || !names.every(isNotificationType) || new Set(names).size !== names.length) return undefined;
	const claimed: Unsubscription = { userId: Number(u), types: names.filter(isNotificationType) };
	const expected = Buffer.from(await signature(config, claimed));
	// Compared as text, so no second spelling of the same bytes (base64's spare bits) passes.
	return timingSafeEqual(expected, Buffer.from(s)) ? claimed : undefined;
}
