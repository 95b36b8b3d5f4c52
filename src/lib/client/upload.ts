// Resumable upload with tus (the API's /api/uploads), then the video row from the upload's id.
// tus-js-client keeps each upload's URL in localStorage under the file's fingerprint, so a page
// reload, or a dropped connection, carries on from the last chunk the server has.
import * as tus from 'tus-js-client';
import type { Video } from './video-types';

export const UPLOAD_ENDPOINT = '/api/uploads';
/** The contract's largest chunk: a failed PATCH costs at most this much to send again. */
export const CHUNK_SIZE = 16 * 1024 * 1024;

/** Name, size and modification time: the same file picked again after a reload finds its upload. */
export function uploadFingerprint(file: { name: string; size: number; lastModified: number }): string {
	return ['classcast-upload', file.name, file.size, file.lastModified].join(':');
}

/** The upload id is the last path segment of the upload's URL (the create answer's Location). */
export function uploadIdFromUrl(url: string): string {
	const path = new URL(url, 'http://x.invalid').pathname.replace(/\/+$/, '');
	return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

export interface UploadCallbacks {
	onProgress?: (sent: number, total: number) => void;
	/** Called when an earlier upload of the same file is found and continued. */
	onResume?: () => void;
}

export interface UploadHandle {
	/** Resolves with the upload id once every byte is on the server. */
	done: Promise<string>;
	/** Stops sending; the server keeps what it has, so the same file can resume later. */
	pause(): Promise<void>;
}

export function startUpload(file: File, callbacks: UploadCallbacks = {}): UploadHandle {
	let upload!: tus.Upload;
	const done = new Promise<string>((resolve, reject) => {
		upload = new tus.Upload(file, {
			endpoint: UPLOAD_ENDPOINT,
			chunkSize: CHUNK_SIZE,
			retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
			metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
			fingerprint: async (f) => uploadFingerprint(f as File),
			storeFingerprintForResuming: true,
			removeFingerprintOnSuccess: true,
			onProgress: (sent, total) => callbacks.onProgress?.(sent, total),
			onError: (error) => reject(new Error(uploadErrorMessage(error))),
			onSuccess: () => (upload.url ? resolve(uploadIdFromUrl(upload.url)) : reject(new Error('The server gave no upload address.')))
		});
	});
	void upload.findPreviousUploads().then(
		(previous) => {
			const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
			if (latest) {
				upload.resumeFromPreviousUpload(latest);
				callbacks.onResume?.();
			}
			upload.start();
		},
		() => upload.start()
	);
	return { done, pause: () => upload.abort(false) };
}

/** A sentence for the person from a tus error: the API's own message when it sent one. */
function uploadErrorMessage(error: Error): string {
	const body = error instanceof tus.DetailedError ? error.originalResponse?.getBody() : undefined;
	const fromApi = body ? apiErrorMessage(body) : null;
	return fromApi ?? 'The upload failed. Check your connection and try again; it will continue where it stopped.';
}

/** The `error.message` of the API's error shape, or null. */
export function apiErrorMessage(body: string): string | null {
	try {
		const parsed: unknown = JSON.parse(body);
		const message = (parsed as { error?: { message?: unknown } })?.error?.message;
		return typeof message === 'string' ? message : null;
	} catch {
		return null;
	}
}

export interface NewVideo {
	uploadId: string;
	title: string;
	description?: string;
	pieceName?: string;
	composer?: string;
	practiceGoals?: string;
	isPublic?: boolean;
}

/** `POST /api/videos` with a finished upload's id: the new video, status `processing`. */
export async function createVideo(details: NewVideo): Promise<Video> {
	const response = await fetch('/api/videos', {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify(details)
	});
	const text = await response.text();
	if (!response.ok) throw new Error(apiErrorMessage(text) ?? `The video could not be created (HTTP ${response.status}).`);
	return (JSON.parse(text) as { video: Video }).video;
}
