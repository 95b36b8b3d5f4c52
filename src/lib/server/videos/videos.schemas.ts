import { z } from 'zod';

const optionalText = (name: string, max: number) =>
	z
		.string({ error: `${name} must be text.` })
		.trim()
		.max(max, `${name} must be at most ${max} characters.`)
		.nullable()
		.optional()
		// An empty field means "none".
		.transform((v) => (v === '' ? null : v));

const title = z
	.string({ error: 'Title must be text.' })
	.trim()
	.min(1, 'Give the video a title.')
	.max(255, 'Title must be at most 255 characters.');

const videoFields = {
	description: optionalText('Description', 5000),
	pieceName: optionalText('Piece name', 255),
	composer: optionalText('Composer', 255),
	practiceGoals: optionalText('Practice goals', 5000),
	isPublic: z.boolean({ error: 'isPublic must be true or false.' }).optional()
};

export const videoDetailsSchema = z.object({ title, ...videoFields }).strict();
export type VideoDetails = z.infer<typeof videoDetailsSchema>;

/** tus ids are 32 characters of base64url (see uploads.service.ts). */
export const uploadIdSchema = z.string({ error: 'uploadId must be text.' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'That is not an upload id.');

export const createFromUploadSchema = z.object({ uploadId: uploadIdSchema, title, ...videoFields }).strict();
export type CreateFromUpload = z.infer<typeof createFromUploadSchema>;

/** Multipart text fields arrive as strings: `isPublic` is "true"/"false" (or a checkbox's "on"). */
export const multipartFieldsSchema = z
	.object({
		title,
		description: videoFields.description,
		pieceName: videoFields.pieceName,
		composer: videoFields.composer,
		practiceGoals: videoFields.practiceGoals,
		isPublic: z
			.enum(['true', 'false', 'on', ''], { error: 'isPublic must be true or false.' })
			.optional()
			.transform((v) => (v === undefined ? undefined : v === 'true' || v === 'on'))
	})
	.strict();

export const videoUpdateSchema = z.object({ title: title.optional(), ...videoFields }).strict();
export type VideoUpdate = z.infer<typeof videoUpdateSchema>;

export const pageSchema = z.object({
	limit: z.coerce
		.number({ error: 'Limit must be a number.' })
		.int('Limit must be a whole number.')
		.min(1, 'Limit must be at least 1.')
		.max(50, 'Limit must be at most 50.')
		.default(20),
	cursor: z
		.string()
		.regex(/^[1-9][0-9]{0,9}$/, 'That is not a cursor from this list.')
		.transform(Number)
		.optional()
});
export type PageInput = z.infer<typeof pageSchema>;

export const shareSchema = z.object({ userId: z.number({ error: 'userId must be a number.' }).int('userId must be a whole number.').positive('userId must be positive.') }).strict();

export const personSearchSchema = z.object({
	q: z.string({ error: 'Type part of a name.' }).trim().min(1, 'Type part of a name.').max(100, 'Search text must be at most 100 characters.')
});
