import { z } from 'zod';
import { COMMENT_CATEGORIES } from './comment.dto';
import { drawingSchema } from './drawing.schemas';

/** The most comments one GET answers with; `hasMore` tells a client to ask for the rest. */
export const COMMENT_PAGE_MAX = 500;
/** Longer than any video we accept; keeps absurd numbers out when the duration is not known yet. */
const MAX_POSITION_SECONDS = 24 * 60 * 60;

/** Seconds into the video, kept to the millisecond. */
const position = (field: string) =>
	z
		.number({ error: `${field} must be a number of seconds.` })
		.min(0, `${field} cannot be negative.`)
		.max(MAX_POSITION_SECONDS, `${field} must be within the video.`)
		.transform((seconds) => Math.round(seconds * 1000) / 1000);

const content = z
	.string({ error: 'content must be text.' })
	.trim()
	.min(1, 'Write a comment.')
	.max(5000, 'A comment must be at most 5000 characters.');

const category = z.enum(COMMENT_CATEGORIES, { error: `category must be one of ${COMMENT_CATEGORIES.join(', ')}.` }).nullable();

export const createCommentSchema = z
	.object({
		content,
		timestamp: position('timestamp'),
		endTimestamp: position('endTimestamp').nullable().optional(),
		category: category.optional(),
		drawing: drawingSchema.nullable().optional()
	})
	.strict();
export type CreateCommentInput = z.infer<typeof createCommentSchema>;

/**
 * Any of the fields; `endTimestamp: null` turns a passage back into a moment, `drawing: null`
 * removes the drawing.
 */
export const updateCommentSchema = z
	.object({
		content: content.optional(),
		timestamp: position('timestamp').optional(),
		endTimestamp: position('endTimestamp').nullable().optional(),
		category: category.optional(),
		drawing: drawingSchema.nullable().optional()
	})
	.strict()
	.refine((input) => Object.values(input).some((v) => v !== undefined), { message: 'Send at least one field to change.' });
export type UpdateCommentInput = z.infer<typeof updateCommentSchema>;

/** A reply is text only: its moment, category and drawing are its thread's. */
export const replySchema = z.object({ content }).strict();
export type ReplyInput = z.infer<typeof replySchema>;

export const listCommentsSchema = z
	.object({
		/** The id of the last comment the client holds: answer with what was committed after it. */
		after: z
			.string({ error: 'after must be a comment id.' })
			.regex(/^[1-9]\d{0,9}$/, 'after must be a comment id.')
			.transform(Number)
			.refine((n) => n <= 2_147_483_647, 'after must be a comment id.')
			.optional(),
		/** The video's revision the client holds every change up to: answer the changes after it. */
		since: z
			.string({ error: 'since must be a revision (a whole number from 0).' })
			.regex(/^(0|[1-9]\d{0,9})$/, 'since must be a revision (a whole number from 0).')
			.transform(Number)
			.refine((n) => n <= 2_147_483_647, 'since must be a revision (a whole number from 0).')
			.optional(),
		limit: z.coerce
			.number({ error: 'limit must be a number.' })
			.int('limit must be a whole number.')
			.min(1, 'limit must be at least 1.')
			.max(COMMENT_PAGE_MAX, `limit must be at most ${COMMENT_PAGE_MAX}.`)
			.default(COMMENT_PAGE_MAX)
	})
	.refine((query) => query.after === undefined || query.since === undefined, {
		message: 'Ask with after or with since, not both.',
		path: ['since']
	});
export type ListCommentsQuery = z.infer<typeof listCommentsSchema>;
