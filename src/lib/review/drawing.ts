// A drawing on a paused frame, saved with a comment and shown over the video when playback
// reaches it (and, in a live co-review, drawn on both screens). Vector data in frame units, so
// it scales with the player: x and y are 0..1 of the frame's width and height, a stroke's width
// is a fraction of the frame's width. Shared by the server (limits), the pages and the overlay.

/** One freehand line. */
export interface Stroke {
	/** `#rrggbb`, lower case. */
	color: string;
	/** Line width as a fraction of the frame's width. */
	width: number;
	/** At least one point; a single point draws a dot. */
	points: [number, number][];
}

export interface Drawing {
	strokes: Stroke[];
}

export const MAX_STROKES = 50;
export const MAX_POINTS = 2000;
/** The most bytes a drawing's JSON may take once its coordinates are rounded. */
export const MAX_DRAWING_BYTES = 32 * 1024;
export const MIN_STROKE_WIDTH = 0.001;
export const MAX_STROKE_WIDTH = 0.05;
/** Coordinates and widths are kept to 1/10000 of the frame (finer than a pixel of a 4K frame). */
export const DRAWING_PRECISION = 10_000;

/**
 * The colours the review page offers (readable over most video frames). The API accepts any
 * `#rrggbb`, so a live session can draw in each participant's own colour.
 */
export const DRAWING_COLORS = [
	{ value: '#ff3b30', label: 'Red' },
	{ value: '#ffcc00', label: 'Yellow' },
	{ value: '#34c759', label: 'Green' },
	{ value: '#0a84ff', label: 'Blue' },
	{ value: '#ffffff', label: 'White' }
] as const;

export const DEFAULT_STROKE_WIDTH = 0.006;

export const roundUnit = (value: number) => Math.round(value * DRAWING_PRECISION) / DRAWING_PRECISION;

export const pointCount = (drawing: Drawing) => drawing.strokes.reduce((sum, stroke) => sum + stroke.points.length, 0);

/** The SVG path of a stroke in a viewBox of `width` × `height` (the video's own proportions). */
export function strokePath(stroke: Stroke, width: number, height: number): string {
	const [first, ...rest] = stroke.points;
	if (!first) return '';
	const at = ([x, y]: [number, number]) => `${(x * width).toFixed(2)} ${(y * height).toFixed(2)}`;
	// A lone point becomes a zero-length segment, which a round cap draws as a dot.
	if (rest.length === 0) return `M${at(first)} L${at(first)}`;
	return `M${at(first)} ${rest.map((p) => `L${at(p)}`).join(' ')}`;
}
