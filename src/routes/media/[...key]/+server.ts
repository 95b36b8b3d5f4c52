import { canReadFile, denialError } from '$lib/server/access';
import type { StoredFileRow } from '$lib/server/db/schema.storage';
import { AppError, notFound } from '$lib/server/errors';
import { endpoint } from '$lib/server/http';
import { parseRange } from '$lib/server/storage/range';
import { isSafeKey } from '$lib/server/storage/storage';
import { findStoredFile } from '$lib/server/storage/stored-files.repository';
import type { RequestHandler } from './$types';

const invalidLink = () => new AppError(403, 'invalid_signature', 'This link is not valid.');
const expiredLink = () => new AppError(403, 'link_expired', 'This link has expired.');

/**
 * Every stored object by its key. What may be read is decided by the object's record (owner,
 * kind, video) through the access layer, or by a signed URL; never by the shape of the path.
 */
export const GET: RequestHandler = endpoint(async ({ params, locals, request, url }) => {
	const { ctx, user } = locals;
	const key = params.key;
	const safe = isSafeKey(key);
	const signature = safe ? await ctx.storage.checkSignature(key, url.searchParams) : 'absent';
	if (signature === 'invalid') throw invalidLink();
	if (signature === 'expired') throw expiredLink();

	let file: StoredFileRow | undefined;
	if (signature === 'valid') {
		file = await findStoredFile(ctx.db, key);
	} else {
		// Media answers the anonymous as it answers a stranger (the video issue's rule): 404, so a
		// media address tells someone without a session nothing, not even that signing in might help.
		if (!user || !safe) throw notFound('File');
		const decision = await canReadFile(ctx.db, user, key);
		if (!decision.allowed) throw denialError(decision, 'File');
		file = decision.file;
	}
	const info = file && (await ctx.storage.head(key));
	if (!file || !info) throw notFound('File');

	const headers: Record<string, string> = {
		'content-type': file.content_type,
		'cache-control': cacheControl(file.kind),
		'accept-ranges': 'bytes',
		// Whatever the stored type, the bytes never run as a page of this origin.
		'content-security-policy': "default-src 'none'; sandbox"
	};
	const range = parseRange(request.headers.get('range'), info.size);
	if (range.kind === 'unsatisfiable') {
		return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}` } });
	}
	const stored = await ctx.storage.read(key, range.kind === 'partial' ? range : undefined);
	if (!stored) throw notFound('File');
	headers['content-length'] = String(stored.length);
	if (range.kind === 'full') return new Response(stored.body, { headers });
	headers['content-range'] = `bytes ${range.start}-${range.end}/${stored.size}`;
	return new Response(stored.body, { status: 206, headers });
});

/**
 * Playlists change while a video is processed (the master gains rungs after the fast first one),
 * so a player must revalidate them; renditions and pictures do not change under their key.
 */
function cacheControl(kind: StoredFileRow['kind']): string {
	if (kind === 'video_playlist') return 'private, no-cache';
	return kind.startsWith('profile_') ? 'private, max-age=86400' : 'private, max-age=300';
}
