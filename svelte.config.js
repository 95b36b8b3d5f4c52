import adapter from 'svelte-adapter-bun';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The production entry (server/index.ts) serves static assets itself through the
		// adapter's handler; precompression keeps them small.
		adapter: adapter({ out: 'build', precompress: true }),
		// SvelteKit adds a nonce (rendered pages) or hashes (prerendered) for its own inline
		// scripts, so no script runs unless it is ours. Styles come from our files; only `style`
		// attributes (positions on a timeline, widths of bars) may be inline. No 'wasm-unsafe-eval':
		// the upload page's ffmpeg.wasm compiles inside its workers, whose scripts (served by
		// src/routes/(app)/videos/upload/ffmpeg/) carry no policy of their own.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
