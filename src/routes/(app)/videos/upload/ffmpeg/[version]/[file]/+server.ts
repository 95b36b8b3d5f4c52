import { dirname, join } from 'node:path';
import { error } from '@sveltejs/kit';
import { FFMPEG_CORE_VERSION, FFMPEG_FILES, FFMPEG_VERSION } from '$lib/client/ffmpeg-core';
import type { RequestHandler } from './$types';

// ffmpeg.wasm's worker and core, from the installed packages rather than the build:
// - the upload page is cross-origin isolated, and a worker it starts must answer with a
//   compatible Cross-Origin-Embedder-Policy, which the build's static files do not send;
// - the workers' own responses carry no Content-Security-Policy, so the wasm compiles inside
//   them and the page's policy needs no 'wasm-unsafe-eval';
// - the adapter would otherwise brotli the 32 MB binary on every build.
const roots = new Map<string, string>();
// The folder of each package's ESM entry (dist/esm): their exports do not list package.json.
const packageRoot = (pkg: string) => {
	let root = roots.get(pkg);
	if (!root) roots.set(pkg, (root = dirname(Bun.resolveSync(pkg, process.cwd()))));
	return root;
};

export const GET: RequestHandler = ({ params }) => {
	const entry = FFMPEG_FILES[params.file];
	if (params.version !== `${FFMPEG_VERSION}-${FFMPEG_CORE_VERSION}` || !entry || !Object.hasOwn(FFMPEG_FILES, params.file)) error(404, 'Not found');
	return new Response(Bun.file(join(packageRoot(entry.pkg), entry.path)), {
		headers: {
			'content-type': entry.type,
			'cache-control': 'public, max-age=31536000, immutable',
			'cross-origin-embedder-policy': 'require-corp',
			'cross-origin-resource-policy': 'same-origin',
			'x-content-type-options': 'nosniff'
		}
	});
};
