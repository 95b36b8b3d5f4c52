import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import Busboy, { type BusboyInstance } from '@fastify/busboy';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, invalid } from '../errors';
import { parseInput } from '../http';
import { multipartDir } from '../uploads/uploads.files';
import { consumeUploadPoint, newUploadId } from '../uploads/uploads.service';
import type { Video } from './video.dto';
import { multipartFieldsSchema } from './videos.schemas';
import { createVideoFromFile } from './videos.service';

/** Text fields of a video form: a few short values, never a reason to hold much in memory. */
const FIELD_LIMIT = 64 * 1024;
const GC_EVERY_BYTES = 16 * 1024 * 1024;
/** Room for the text fields and the multipart boundaries around the file. */
export const MULTIPART_SLACK = 1024 * 1024;

export interface ReceivedFile {
	/** a temporary file the caller must remove (or leave to the upload purge) */
	path: string;
	size: number;
	fields: Record<string, string>;
}

const tooLarge = (maxBytes: number) =>
	new AppError(413, 'payload_too_large', `A video may be at most ${Math.floor(maxBytes / 1024 / 1024)} MB.`, { field: 'file' });

/**
 * Streams a multipart/form-data body to a temporary file (field `file`) and collects its text
 * fields, without ever holding the file in memory (`request.formData()` would). Refuses with 413
 * as soon as the file passes `maxBytes`.
 */
export async function receiveVideoForm(request: Request, options: { dir: string; maxBytes: number }): Promise<ReceivedFile> {
	const type = request.headers.get('content-type') ?? '';
	if (!request.body) throw invalid('file', 'Attach the video as the `file` field.');
	if (Number(request.headers.get('content-length') ?? 0) > options.maxBytes + MULTIPART_SLACK) throw tooLarge(options.maxBytes);
	await mkdir(options.dir, { recursive: true });
	const path = join(options.dir, newUploadId());
	const source = Readable.fromWeb(request.body as unknown as NodeWebReadableStream);
	try {
		const fields = await parse(source, type, path, options.maxBytes);
		return { path, size: (await stat(path)).size, fields };
	} catch (error) {
		source.destroy();
		await rm(path, { force: true });
		throw error;
	}
}

/** POST /api/videos as multipart/form-data: the file streamed to disk, then made a video. */
export async function createVideoFromForm(ctx: AppContext, owner: SessionUser, request: Request): Promise<Video> {
	await consumeUploadPoint(ctx, owner);
	const received = await receiveVideoForm(request, { dir: multipartDir(ctx.config), maxBytes: ctx.config.uploadMaxBytes });
	let details;
	try {
		details = parseInput(multipartFieldsSchema, received.fields);
	} catch (error) {
		await rm(received.path, { force: true });
		throw error;
	}
	return createVideoFromFile(ctx, owner, received.path, details);
}

function parse(source: Readable, type: string, path: string, maxBytes: number): Promise<Record<string, string>> {
	return new Promise((resolve, reject) => {
		let busboy: BusboyInstance;
		try {
			busboy = new Busboy({
				headers: { 'content-type': type },
				limits: { files: 1, fields: 20, parts: 21, fieldSize: FIELD_LIMIT, fileSize: maxBytes }
			});
		} catch {
			reject(new AppError(400, 'invalid_form', 'The form data could not be read.', { field: 'body' }));
			return;
		}
		const fields: Record<string, string> = {};
		let writing: Promise<void> | undefined;
		let failed = false;
		const fail = (error: AppError) => {
			failed = true;
			reject(error);
		};
		busboy.on('file', (name, stream) => {
			if (name !== 'file' || writing) {
				stream.resume();
				return;
			}
			stream.on('limit', () => fail(tooLarge(maxBytes)));
			// As after each tus chunk (uploads.service.ts): collect the passed buffers as we go, or
			// JSC's lazy collection lets RSS climb with the file.
			let sinceCollection = 0;
			stream.on('data', (chunk: Buffer) => {
				sinceCollection += chunk.byteLength;
				if (sinceCollection < GC_EVERY_BYTES) return;
				sinceCollection = 0;
				Bun.gc(false);
			});
			writing = pipeline(stream, createWriteStream(path));
			writing.catch(() => fail(new AppError(400, 'invalid_form', 'The file could not be read.', { field: 'file' })));
		});
		busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
			if (valueTruncated) fail(invalid(name, `${name} is too long.`));
			else fields[name] = value;
		});
		busboy.on('error', () => fail(new AppError(400, 'invalid_form', 'The form data could not be read.', { field: 'body' })));
		busboy.on('finish', async () => {
			if (failed) return;
			if (!writing) return fail(invalid('file', 'Attach the video as the `file` field.'));
			try {
				await writing;
				resolve(fields);
			} catch {
				// reported by the handler above
			}
		});
		source.on('error', () => fail(new AppError(400, 'invalid_form', 'The upload was interrupted.', { field: 'body' })));
		source.pipe(busboy);
	});
}
