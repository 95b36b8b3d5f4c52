import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Profile pictures are visible to any signed-in user. Videos (next issue) add their own checks.
const READABLE = /^profile-images\/\d+\/(profile|thumbnail)\.jpg$/;

export const GET: RequestHandler = async ({ params, locals, request }) => {
	if (!locals.user) error(401, 'Sign in to continue.');
	if (!READABLE.test(params.key)) error(404, 'Not found');
	const stored = await locals.ctx.storage.get(params.key);
	if (!stored) error(404, 'Not found');
	const headers = {
		'content-type': 'image/jpeg',
		'cache-control': 'private, max-age=86400',
		'accept-ranges': 'bytes'
	};
	const range = request.headers.get('range')?.match(/^bytes=(\d*)-(\d*)$/);
	if (range && (range[1] || range[2])) {
		const start = range[1] ? Number(range[1]) : Math.max(0, stored.size - Number(range[2]));
		const end = range[1] && range[2] ? Math.min(Number(range[2]), stored.size - 1) : stored.size - 1;
		if (range[1] && range[2] && Number(range[2]) < start) {
			// An end before the start makes the header invalid, and an invalid Range is ignored.
			return new Response(stored.file, { headers: { ...headers, 'content-length': String(stored.size) } });
		}
		if (start > end || start >= stored.size) {
			return new Response(null, { status: 416, headers: { 'content-range': `bytes */${stored.size}` } });
		}
		return new Response(stored.file.slice(start, end + 1), {
			status: 206,
			headers: { ...headers, 'content-range': `bytes ${start}-${end}/${stored.size}`, 'content-length': String(end - start + 1) }
		});
	}
	return new Response(stored.file, { headers: { ...headers, 'content-length': String(stored.size) } });
};
