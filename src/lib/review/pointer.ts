// The live pointer of a co-review: where over the frame someone points, as fractions of the
// video's box (so it lands on the same spot on any screen size), sent at most every `interval` ms.

/** The pointer's position over a box, 0..1 each way, or null when outside it. */
export function pointerFraction(box: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): { x: number; y: number } | null {
	if (box.width <= 0 || box.height <= 0) return null;
	const x = (clientX - box.left) / box.width;
	const y = (clientY - box.top) / box.height;
	if (x < 0 || x > 1 || y < 0 || y > 1) return null;
	return { x: Math.round(x * 10_000) / 10_000, y: Math.round(y * 10_000) / 10_000 };
}

/** Pointer updates a second: enough for a smooth pointer on the other screen. */
export const POINTER_INTERVAL = 50;

export interface Throttle<T> {
	push(value: T): void;
	/** Drops a pending value (e.g. on leave). */
	cancel(): void;
}

/**
 * Sends the first value at once and then at most one every `interval` ms, always ending on the
 * latest value: a pointer that stops moving ends where it stopped. Timers are injected for tests.
 */
export function throttle<T>(
	interval: number,
	send: (value: T) => void,
	timers: { now: () => number; set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void } = {
		now: () => Date.now(),
		set: (fn, ms) => setTimeout(fn, ms),
		clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
	}
): Throttle<T> {
	let last = -Infinity;
	let pending: { value: T } | null = null;
	let timer: unknown = null;
	const flush = () => {
		timer = null;
		if (!pending) return;
		const { value } = pending;
		pending = null;
		last = timers.now();
		send(value);
	};
	return {
		push(value) {
			pending = { value };
			if (timer !== null) return;
			const wait = last + interval - timers.now();
			if (wait <= 0) flush();
			else timer = timers.set(flush, wait);
		},
		cancel() {
			pending = null;
			if (timer !== null) timers.clear(timer);
			timer = null;
		}
	};
}
