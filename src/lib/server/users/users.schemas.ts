import { z } from 'zod';
import { fullNameSchema } from '../auth/auth.schemas';

export const EXPERIENCE_LEVELS = ['beginner', 'intermediate', 'advanced', 'professional'] as const;

const instrumentSchema = z
	.string()
	.trim()
	.min(1, 'An instrument name cannot be empty.')
	.max(50, 'An instrument name must be at most 50 characters.');

export const profileUpdateSchema = z
	.object({
		fullName: fullNameSchema.optional(),
		bio: z.string().trim().max(2000, 'Bio must be at most 2000 characters.').nullable().optional(),
		instruments: z
			.array(instrumentSchema, { error: 'Instruments must be a list of names.' })
			.max(20, 'List at most 20 instruments.')
			.optional(),
		experienceLevel: z
			.enum(EXPERIENCE_LEVELS, { error: `Experience level must be one of: ${EXPERIENCE_LEVELS.join(', ')}.` })
			.nullable()
			.optional()
	})
	.strict();
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export const teacherSearchSchema = z.object({
	q: z.string().trim().max(100, 'Search text must be at most 100 characters.').optional(),
	instrument: z.string().trim().max(50, 'Instrument must be at most 50 characters.').optional(),
	cursor: z.string().max(300).optional(),
	limit: z.coerce
		.number({ error: 'Limit must be a number.' })
		.int('Limit must be a whole number.')
		.min(1, 'Limit must be at least 1.')
		.max(100, 'Limit must be at most 100.')
		.default(20)
});
