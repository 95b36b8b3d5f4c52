/** What the handshake knows when it decides whether a browser page may open a socket. */
export interface OriginCheck {
	/** The request's Origin header; browsers always send one on a WebSocket or XHR handshake. */
	origin: string | undefined;
	/** The request's Host header. */
	host: string | undefined;
	/** The configured public origin (ORIGIN), when set. */
	configured: string | undefined;
	/** The protocol the client reached us by: what this server speaks, or a trusted proxy's word. */
	protocol: 'http' | 'https';
}

/**
 * Whether a handshake's Origin is the app's own. A request without Origin comes from a
 * non-browser client, which cannot carry a victim's cookie, so it is let through to the session
 * check; a foreign page's is refused. Without ORIGIN the app's origin is the request's own Host,
 * as the pages derive theirs.
 */
export function isOwnOrigin(check: OriginCheck): boolean {
	if (check.origin === undefined) return true;
	// A browser sends the origin serialised exactly so; anything else (`null`, a path) is refused.
	const origin = parseOrigin(check.origin);
	if (!origin || origin !== check.origin.toLowerCase()) return false;
	if (check.configured) return origin === parseOrigin(check.configured);
	if (!check.host || !HOST.test(check.host)) return false;
	return origin === parseOrigin(`${check.protocol}://${check.host}`);
}

// A host name or address with an optional port, nothing that URL parsing would read as more.
const HOST = /^[a-z0-9.\-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

// URL normalises case and default ports (http://A:80 is http://a); `null` and junk fail to parse.
function parseOrigin(value: string): string | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
	} catch {
		return undefined;
	}
}
