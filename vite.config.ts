import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		// Server-only packages stay external: they are loaded from node_modules at run time.
		rollupOptions: {}
	},
	ssr: {
		external: ['sharp', 'pg', 'ioredis', '@electric-sql/pglite', 'nodemailer', 'pino']
	}
});
