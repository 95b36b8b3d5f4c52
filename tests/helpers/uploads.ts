import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db/schema';
import type { VideoJobs } from '../../src/lib/server/videos/video-jobs';
import type { Video } from '../../src/lib/server/videos/video.dto';
import type { TestApp } from './app';

export const TUS = { 'tus-resumable': '1.0.0' };
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const randomFile = (size: number): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(size));

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** POST /api/uploads: the response and the upload id from its Location. */
export async function tusCreate(app: TestApp, auth: Record<string, string>, size: number, filename = 'etude.mp4') {
	const response = await app.fetch('/api/uploads', {
		method: 'POST',
		headers: { ...TUS, ...auth, 'upload-length': String(size), 'upload-metadata': `filename ${b64(filename)},filetype ${b64('video/mp4')}` }
	});
	return { response, id: response.headers.get('location')?.split('/').pop() ?? '' };
}

export function tusPatch(app: TestApp, auth: Record<string, string>, id: string, offset: number, bytes: Uint8Array<ArrayBuffer>) {
	return app.fetch(`/api/uploads/${id}`, {
		method: 'PATCH',
		headers: { ...TUS, ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
		body: bytes
	});
}

export function tusHead(app: TestApp, auth: Record<string, string>, id: string) {
	return app.fetch(`/api/uploads/${id}`, { method: 'HEAD', headers: { ...TUS, ...auth } });
}

/** A finished tus upload of `bytes`; returns its id. */
export async function uploadWhole(app: TestApp, auth: Record<string, string>, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	const { response, id } = await tusCreate(app, auth, bytes.byteLength);
	if (response.status !== 201) throw new Error(`tus create: ${response.status} ${await response.text()}`);
	const patched = await tusPatch(app, auth, id, 0, bytes);
	if (patched.status !== 204) throw new Error(`tus patch: ${patched.status} ${await patched.text()}`);
	return id;
}

/** JSON POST /api/videos after a tus upload. */
export function createVideo(app: TestApp, auth: Record<string, string>, body: Record<string, unknown>) {
	return app.fetch('/api/videos', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Uploads random bytes and makes them a video; returns the video. */
export async function newVideo(app: TestApp, auth: Record<string, string>, fields: Record<string, unknown> = {}): Promise<Video> {
	const uploadId = await uploadWhole(app, auth, randomFile(2048));
	const response = await createVideo(app, auth, { uploadId, title: 'Bach prelude', ...fields });
	if (response.status !== 201) throw new Error(`create video: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { video: Video }).video;
}

/**
 * Stands in for the job queue at the merge seam: records each enqueue with the transaction it
 * ran in, and can be told to fail (to see the video's transaction roll back).
 */
export function recordingJobs(): VideoJobs & { enqueued: number[]; failNext: boolean } {
	const jobs = {
		enqueued: [] as number[],
		failNext: false,
		async enqueueTranscode(trx: Kysely<DB>, videoId: number) {
			if (jobs.failNext) {
				jobs.failNext = false;
				throw new Error('queue unavailable');
			}
			// The row is visible inside the transaction the job is enqueued in.
			const row = await trx.selectFrom('videos').select('id').where('id', '=', videoId).executeTakeFirst();
			if (!row) throw new Error('enqueued outside the video transaction');
			jobs.enqueued.push(videoId);
		}
	};
	return jobs;
}
