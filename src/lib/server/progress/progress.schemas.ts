import { z } from 'zod';

const id = (name: string) =>
	z
		.number({ error: `${name} must be a number.` })
		.int(`${name} must be a whole number.`)
		.positive(`${name} must be positive.`)
		.max(2_147_483_647, `${name} is not an id.`);

const score = (label: string, max: number) =>
	z
		.number({ error: `${label} must be a number.` })
		.int(`${label} must be a whole number.`)
		.min(1, `${label} must be between 1 and ${max}.`)
		.max(max, `${label} must be between 1 and ${max}.`);

const scores = {
	rating: score('Rating', 5),
	techniqueScore: score('Technique', 100),
	musicalityScore: score('Musicality', 100),
	rhythmScore: score('Rhythm', 100),
	overallScore: score('Overall', 100),
	notes: z
		.string({ error: 'Notes must be text.' })
		.trim()
		.max(5000, 'Notes must be at most 5000 characters.')
		.nullable()
		.optional()
		// An empty field means "none".
		.transform((v) => (v === '' ? null : v))
};

export const progressCreateSchema = z.object({ studentId: id('studentId'), videoId: id('videoId'), ...scores }).strict();
export type ProgressCreate = z.infer<typeof progressCreateSchema>;

export const progressUpdateSchema = z
	.object({
		rating: scores.rating.optional(),
		techniqueScore: scores.techniqueScore.optional(),
		musicalityScore: scores.musicalityScore.optional(),
		rhythmScore: scores.rhythmScore.optional(),
		overallScore: scores.overallScore.optional(),
		notes: scores.notes
	})
	.strict();
export type ProgressUpdate = z.infer<typeof progressUpdateSchema>;

export const progressListSchema = z.object({
	/** Whose progress; the caller's own when absent. */
	studentId: z
		.string()
		.regex(/^[1-9][0-9]{0,9}$/, 'studentId must be a user id.')
		.transform(Number)
		.optional(),
	/** The id of the last record of the previous page (newest first). */
	cursor: z
		.string()
		.regex(/^[1-9][0-9]{0,9}$/, 'That is not a cursor from this list.')
		.transform(Number)
		.refine((n) => n <= 2_147_483_647, 'That is not a cursor from this list.')
		.optional(),
	limit: z.coerce
		.number({ error: 'Limit must be a number.' })
		.int('Limit must be a whole number.')
		.min(1, 'Limit must be at least 1.')
		.max(200, 'Limit must be at most 200.')
		.default(100)
});
export type ProgressListQuery = z.output<typeof progressListSchema>;
