import { z } from 'zod';

const userId = (name: string) =>
	z
		.number({ error: `${name} must be a number.` })
		.int(`${name} must be a whole number.`)
		.positive(`${name} must be positive.`)
		.max(2_147_483_647, `${name} is not a user id.`);

/** A student asks a teacher ({teacherId}) or a teacher invites a student ({studentId}): one of the two. */
export const relationshipRequestSchema = z.union(
	[
		z.object({ teacherId: userId('teacherId') }).strict(),
		z.object({ studentId: userId('studentId') }).strict()
	],
	{ error: 'Give either teacherId (to ask a teacher) or studentId (to invite a student).' }
);
export type RelationshipRequest = z.infer<typeof relationshipRequestSchema>;

export const RELATIONSHIP_STATUSES = ['pending', 'active', 'declined', 'removed'] as const;

const limit = (max: number, fallback: number) =>
	z.coerce
		.number({ error: 'Limit must be a number.' })
		.int('Limit must be a whole number.')
		.min(1, 'Limit must be at least 1.')
		.max(max, `Limit must be at most ${max}.`)
		.default(fallback);

const idCursor = z
	.string()
	.regex(/^[1-9][0-9]{0,9}$/, 'That is not a cursor from this list.')
	.transform(Number)
	.refine((n) => n <= 2_147_483_647, 'That is not a cursor from this list.')
	.optional();

export const relationshipListSchema = z.object({
	status: z
		.enum(RELATIONSHIP_STATUSES, { error: `Status must be one of: ${RELATIONSHIP_STATUSES.join(', ')}.` })
		.optional(),
	/** The id of the last relationship of the previous page. */
	cursor: idCursor,
	limit: limit(100, 50)
});
export type RelationshipListQuery = z.output<typeof relationshipListSchema>;

export const studentSearchSchema = z.object({
	q: z.string().trim().max(100, 'Search text must be at most 100 characters.').optional(),
	/** From the previous page's nextCursor (the list is ordered by name). */
	cursor: z.string().max(300).optional(),
	limit: limit(100, 50)
});
export type StudentSearchQuery = z.output<typeof studentSearchSchema>;
