import { DEFAULT_STROKE_WIDTH, DRAWING_COLORS, MAX_STROKES, type Stroke } from '$lib/review/drawing';

/** Shows a stroke being drawn to the others (null: taken back; key `*`: all cleared). */
export type LiveStroke = (key: string, stroke: Stroke | null, final: boolean) => void;

// Draw mode: lines on the paused frame, saved with the comment being written. Each stroke gets a
// key so a live co-review can show it to the others as it grows, and take it back on undo or clear.
export class DrawMode {
	/** Draw mode is on (the frame takes strokes while a comment is being written and playback is paused). */
	active = $state(false);
	strokes = $state<Stroke[]>([]);
	color = $state<string>(DRAWING_COLORS[0].value);
	/** The drawing holds all it may (strokes or points). */
	full = $state(false);

	readonly #relay: () => LiveStroke | undefined;
	// Keys of the strokes shown to a live session, in step with `strokes`; the one being drawn.
	#keys: string[] = [];
	#drawingKey: string | null = null;
	#keyCount = 0;

	/** `relay` is read at each stroke: the page may pass its live-stroke callback later. */
	constructor(relay: () => LiveStroke | undefined) {
		this.#relay = relay;
	}

	/** What the frame's overlay needs to take strokes (read in a `$derived`: it follows colour and strokes). */
	editor() {
		return {
			color: this.color,
			width: DEFAULT_STROKE_WIDTH,
			strokes: this.strokes,
			onprogress: (stroke: Stroke) => {
				const relay = this.#relay();
				if (!relay) return;
				this.#drawingKey ??= this.#newKey();
				relay(this.#drawingKey, stroke, false);
			},
			onstroke: (stroke: Stroke) => {
				const key = this.#drawingKey ?? this.#newKey();
				this.#drawingKey = null;
				this.#keys = [...this.#keys, key];
				this.#relay()?.(key, stroke, true);
				this.strokes = [...this.strokes, stroke];
				this.full = this.strokes.length >= MAX_STROKES;
			},
			onlimit: () => (this.full = true)
		};
	}

	undo(): void {
		const last = this.#keys.at(-1);
		if (last) this.#takeBack(last);
		this.#keys = this.#keys.slice(0, -1);
		this.strokes = this.strokes.slice(0, -1);
		this.full = false;
	}

	clear(): void {
		this.#takeBack('*');
		this.#keys = [];
		this.strokes = [];
		this.full = false;
	}

	/** The comment was posted or cancelled: draw mode ends and its strokes go (from the others' view too). */
	reset(): void {
		this.active = false;
		if (this.strokes.length) this.#takeBack('*');
		this.strokes = [];
		this.#keys = [];
		this.full = false;
	}

	#newKey(): string {
		return `s${Date.now().toString(36)}${(this.#keyCount++).toString(36)}`;
	}

	#takeBack(key: string): void {
		this.#relay()?.(key, null, true);
	}
}
