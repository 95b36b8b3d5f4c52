/** Headers every response carries: pages, API, static assets, media and Socket.IO alike. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	// The microphone is for co-review voice; nothing else of the device is ours to ask for.
	'permissions-policy':
		'microphone=(self), camera=(self), fullscreen=(self), display-capture=(), geolocation=(), payment=(), usb=(), serial=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** Sets the base headers a response lacks; a response with immutable headers is copied first. */
export function withSecurityHeaders(response: Response): Response {
	let target = response;
	try {
		setMissing(target.headers);
	} catch {
		target = new Response(response.body, response);
		setMissing(target.headers);
	}
	return target;
}

function setMissing(headers: Headers): void {
	for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) {
		if (!headers.has(name)) headers.set(name, value);
	}
}
