// Where the browser finds ffmpeg.wasm: its worker and its multi-threaded core, served from the
// installed packages by the upload route (/videos/upload/ffmpeg/{version}/{file}). The versions
// are in the path, so browsers may cache the files for good and the worker's relative imports
// stay in the same folder; a unit test checks them against the installed packages.
export const FFMPEG_VERSION = '0.12.15';
export const FFMPEG_CORE_VERSION = '0.12.10';
export const FFMPEG_BASE = `/videos/upload/ffmpeg/${FFMPEG_VERSION}-${FFMPEG_CORE_VERSION}`;

/** Each file the route serves: its package and its name beside the package's ESM entry. */
export const FFMPEG_FILES: Record<string, { pkg: '@ffmpeg/ffmpeg' | '@ffmpeg/core-mt'; path: string; type: string }> = {
	'worker.js': { pkg: '@ffmpeg/ffmpeg', path: 'worker.js', type: 'text/javascript' },
	'const.js': { pkg: '@ffmpeg/ffmpeg', path: 'const.js', type: 'text/javascript' },
	'errors.js': { pkg: '@ffmpeg/ffmpeg', path: 'errors.js', type: 'text/javascript' },
	'ffmpeg-core.js': { pkg: '@ffmpeg/core-mt', path: 'ffmpeg-core.js', type: 'text/javascript' },
	'ffmpeg-core.worker.js': { pkg: '@ffmpeg/core-mt', path: 'ffmpeg-core.worker.js', type: 'text/javascript' },
	'ffmpeg-core.wasm': { pkg: '@ffmpeg/core-mt', path: 'ffmpeg-core.wasm', type: 'application/wasm' }
};
