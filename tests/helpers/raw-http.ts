import { connect } from 'node:net';

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * Sends one HTTP/1.1 request as written, byte for byte: `fetch` would fix or refuse a forged or
 * malformed Host header, which is exactly what these tests need to send.
 */
export function rawRequest(url: string, request: { method?: string; path: string; headers: [string, string][]; body?: string }): Promise<RawResponse> {
	const { hostname, port } = new URL(url);
	const body = request.body ?? '';
	const lines = [
		`${request.method ?? 'GET'} ${request.path} HTTP/1.1`,
		...request.headers.map(([name, value]) => `${name}: ${value}`),
		...(body && !request.headers.some(([name]) => name.toLowerCase() === 'transfer-encoding')
			? [`content-length: ${Buffer.byteLength(body)}`]
			: []),
		'connection: close',
		'',
		body
	];
	return new Promise((resolve, reject) => {
		// Written without a FIN: a half-closed connection may be taken for a client that went away.
		const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(lines.join('\r\n')));
		const chunks: Buffer[] = [];
		socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('close', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const [head = '', ...rest] = text.split('\r\n\r\n');
			const [statusLine = '', ...headerLines] = head.split('\r\n');
			const status = Number(statusLine.split(' ')[1]);
			if (!status) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
			const headers: Record<string, string> = {};
			for (const line of headerLines) {
				const at = line.indexOf(':');
				headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
			}
			resolve({ status, headers, body: rest.join('\r\n\r\n') });
		});
	});
}
