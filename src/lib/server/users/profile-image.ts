import sharp from 'sharp';
import { AppError } from '../errors';
import type { NewStoredFile } from '../db/schema.storage';
import type { Storage } from '../storage/storage';

export const PROFILE_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
const PROFILE_SIZE = 512;
const THUMBNAIL_SIZE = 128;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export const profileImageKeys = (userId: number) => ({
	profile: `profile-images/${userId}/profile.jpg`,
	thumbnail: `profile-images/${userId}/thumbnail.jpg`
});

/** A stored profile picture: its URL, and the records of its two files for `stored_files`. */
export interface StoredProfileImage {
	url: string;
	files: NewStoredFile[];
}

/**
 * Checks an upload by its content (never its name or declared type), then stores a square
 * profile picture and a thumbnail as the seed's layout says.
 */
export async function storeProfileImage(storage: Storage, userId: number, bytes: Uint8Array): Promise<StoredProfileImage> {
	if (bytes.byteLength > PROFILE_IMAGE_MAX_BYTES) {
		throw new AppError(413, 'too_large', 'The image must be at most 10 MB.', { field: 'image' });
	}
	let format: string | undefined;
	try {
		const meta = await sharp(bytes).metadata();
		format = meta.format;
		if (!meta.width || !meta.height || meta.width * meta.height > 50_000_000) format = undefined;
	} catch {
		format = undefined;
	}
	if (!format || !ACCEPTED.has(format)) {
		throw new AppError(400, 'invalid_image', 'The file is not an image we can read (JPEG, PNG, WebP, GIF, AVIF or HEIF).', {
			field: 'image'
		});
	}
	// rotate() applies the camera's orientation; metadata (location included) is dropped.
	const square = (size: number) =>
		sharp(bytes, { pages: 1 }).rotate().resize(size, size, { fit: 'cover', position: 'attention' }).flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
	const [profile, thumbnail] = await Promise.all([square(PROFILE_SIZE), square(THUMBNAIL_SIZE)]);
	const keys = profileImageKeys(userId);
	const contentType = 'image/jpeg';
	await storage.put(keys.thumbnail, thumbnail, { contentType });
	await storage.put(keys.profile, profile, { contentType });
	const record = (key: string, kind: 'profile_image' | 'profile_thumbnail', body: Uint8Array): NewStoredFile => ({
		key,
		owner_id: userId,
		kind,
		video_id: null,
		content_type: contentType,
		size: body.byteLength
	});
	return {
		url: `/media/${keys.profile}?v=${Date.now().toString(36)}`,
		files: [record(keys.profile, 'profile_image', profile), record(keys.thumbnail, 'profile_thumbnail', thumbnail)]
	};
}

export async function deleteProfileImage(storage: Storage, userId: number): Promise<void> {
	const keys = profileImageKeys(userId);
	await Promise.all([storage.delete(keys.profile), storage.delete(keys.thumbnail)]);
}
