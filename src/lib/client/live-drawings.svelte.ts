// Strokes drawn on the paused frame in a live co-review, seen by the others as they are drawn.
// Each participant's strokes in progress arrive as `review:draw` (key, stroke) and leave with a
// null stroke (taken back) or key `*` (cleared, or the comment they belonged to was posted).
// What is sent is throttled: a growing stroke at most every 50 ms, its last state always.
import type { Drawing, Stroke } from '$lib/review/drawing';
import { useSocket, type BrowserSocket } from './socket';

const SEND_EVERY_MS = 50;

export class LiveDrawings {
	/** userId → key → stroke, replaced on every change so that readers re-render. */
	#strokes = $state.raw(new Map<number, Map<string, Stroke>>());
	#socket: BrowserSocket | null = null;
	#lastSent = new Map<string, number>();
	#pending = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(private readonly sessionId: number) {}

	/** Listens until the returned function is called (an `$effect`'s cleanup). */
	connect(): () => void {
		const { socket, release } = useSocket();
		this.#socket = socket;
		const onDraw = (payload: { sessionId: number; userId: number; key: string; stroke: Stroke | null }) => {
			if (payload.sessionId !== this.sessionId) return;
			const next = new Map(this.#strokes);
			const theirs = new Map(next.get(payload.userId) ?? []);
			if (payload.key === '*') theirs.clear();
			else if (payload.stroke) theirs.set(payload.key, payload.stroke);
			else theirs.delete(payload.key);
			next.set(payload.userId, theirs);
			this.#strokes = next;
		};
		socket.on('review:draw', onDraw);
		return () => {
			socket.off('review:draw', onDraw);
			for (const timer of this.#pending.values()) clearTimeout(timer);
			this.#socket = null;
			release();
		};
	}

	/** Everyone else's strokes in progress, for those of `present` (people who left take theirs). */
	drawings(present: number[]): Drawing[] {
		const here = new Set(present);
		return [...this.#strokes].filter(([userId, strokes]) => here.has(userId) && strokes.size > 0).map(([, strokes]) => ({ strokes: [...strokes.values()] }));
	}

	/** Shows the room a stroke (null: take it back; key `*`: all of mine). `final` is always sent. */
	send(key: string, stroke: Stroke | null, final = true): void {
		const emit = () => {
			this.#pending.delete(key);
			this.#lastSent.set(key, Date.now());
			this.#socket?.emit('review:draw', { sessionId: this.sessionId, key, stroke }, () => {});
		};
		const waited = Date.now() - (this.#lastSent.get(key) ?? 0);
		const queued = this.#pending.get(key);
		if (queued) clearTimeout(queued);
		if (final || waited >= SEND_EVERY_MS) emit();
		else this.#pending.set(key, setTimeout(emit, SEND_EVERY_MS - waited));
	}
}
