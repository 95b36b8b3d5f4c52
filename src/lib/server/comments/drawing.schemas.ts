import { z } from 'zod';
import {
	MAX_DRAWING_BYTES,
	MAX_POINTS,
	MAX_STROKE_WIDTH,
	MAX_STROKES,
	MIN_STROKE_WIDTH,
	pointCount,
	roundUnit,
	type Drawing
} from '../../review/drawing';

// A comment's drawing as the API accepts it (see src/lib/review/drawing.ts). Any `#rrggbb` colour
// is allowed, so co-review can draw in each participant's colour; the page offers a palette.
// Coordinates are rounded to 1/10000 before the size is measured, so the limit is on what is kept.

const coordinate = z
	.number({ error: 'Each coordinate must be a number from 0 to 1.' })
	.min(0, 'Each coordinate must be from 0 to 1.')
	.max(1, 'Each coordinate must be from 0 to 1.')
	.transform(roundUnit);

const point = z.tuple([coordinate, coordinate], { error: 'Each point must be [x, y].' });

export const strokeSchema = z
	.object({
		color: z
			.string({ error: 'color must be a colour like #ff3b30.' })
			.regex(/^#[0-9a-fA-F]{6}$/, 'color must be a colour like #ff3b30.')
			.transform((value) => value.toLowerCase()),
		width: z
			.number({ error: 'width must be a number.' })
			.min(MIN_STROKE_WIDTH, `width must be from ${MIN_STROKE_WIDTH} to ${MAX_STROKE_WIDTH} of the frame's width.`)
			.max(MAX_STROKE_WIDTH, `width must be from ${MIN_STROKE_WIDTH} to ${MAX_STROKE_WIDTH} of the frame's width.`)
			.transform(roundUnit),
		points: z
			.array(point, { error: 'points must be a list of [x, y] points.' })
			.min(1, 'A stroke needs at least one point.')
			.max(MAX_POINTS, `A drawing may have at most ${MAX_POINTS} points.`)
	})
	.strict();

export const drawingSchema = z
	.object({
		strokes: z
			.array(strokeSchema, { error: 'strokes must be a list of strokes.' })
			.min(1, 'A drawing needs at least one stroke; send null to remove it.')
			.max(MAX_STROKES, `A drawing may have at most ${MAX_STROKES} strokes.`)
	}, { error: 'drawing must be an object with strokes, or null.' })
	.strict()
	.superRefine((drawing, ctx) => {
		if (pointCount(drawing) > MAX_POINTS) {
			ctx.addIssue({ code: 'custom', path: ['strokes'], message: `A drawing may have at most ${MAX_POINTS} points.` });
		} else if (new TextEncoder().encode(JSON.stringify(drawing)).length > MAX_DRAWING_BYTES) {
			ctx.addIssue({ code: 'custom', message: `A drawing may take at most ${MAX_DRAWING_BYTES / 1024} KB; draw fewer or shorter lines.` });
		}
	}) satisfies z.ZodType<Drawing>;
