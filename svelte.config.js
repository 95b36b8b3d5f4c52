import adapter from 'svelte-adapter-bun';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The production entry (server/index.ts) serves static assets itself through the
		// adapter's handler; precompression keeps them small.
		adapter: adapter({ out: 'build', precompress: true }),
	}
};

export default config;
