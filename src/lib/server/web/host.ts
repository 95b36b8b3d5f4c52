// What a request's Host header may be. Bun builds `request.url` from it, SvelteKit derives the
// origin of its CSRF check from it, and a header that is not a host name made both throw (500).

// A DNS name or IPv4 address, or a bracketed IPv6 address, then an optional port.
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*\.?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

export type HostCheck = 'ok' | 'invalid' | 'misdirected';

/**
 * `invalid` for a missing or malformed Host; `misdirected` when a public origin is configured and
 * the Host names another server (a forged Host must never shape a link or an origin check).
 */
export function checkHost(host: string | null, publicOrigin: string | undefined): HostCheck {
	if (!host || host.length > 300 || !HOST_PATTERN.test(host)) return 'invalid';
	const port = host.match(/:(\d+)$/)?.[1];
	if (port !== undefined && Number(port) > 65535) return 'invalid';
	if (!publicOrigin) return 'ok';
	return sameHost(host, new URL(publicOrigin)) ? 'ok' : 'misdirected';
}

function sameHost(host: string, origin: URL): boolean {
	const defaultPort = origin.protocol === 'https:' ? '443' : '80';
	const [name, port] = splitHost(host.toLowerCase());
	return name.replace(/\.$/, '') === origin.hostname && (port ?? defaultPort) === (origin.port || defaultPort);
}

function splitHost(host: string): [string, string | undefined] {
	const match = host.match(/^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/);
	return [match?.[1] ?? host, match?.[2]];
}

/** Loopback names only: `localhost`, 127.0.0.0/8 and `[::1]`, with any port. */
export function isLoopbackHost(host: string | null): boolean {
	if (!host) return false;
	const [name] = splitHost(host.toLowerCase());
	return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}
