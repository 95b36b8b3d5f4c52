import { z } from 'zod';

// Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them on
// the page, so a name could pose as someone else or flip the text beside it; zero-width characters
// (U+200B–U+200F, U+2060, U+FEFF) and control characters make two names look identical.
const HIDDEN_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** Whether text shown as a person's name holds no invisible, reordering or control characters. */
export const isDisplayable = (text: string) => !HIDDEN_OR_CONTROL.test(text);

export const fullNameSchema = z
	.string({ error: 'Full name is required.' })
	.trim()
	.min(1, 'Full name is required.')
	.max(100, 'Full name must be at most 100 characters.')
	.refine(isDisplayable, 'Full name must not contain invisible, direction-changing or control characters.');

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
