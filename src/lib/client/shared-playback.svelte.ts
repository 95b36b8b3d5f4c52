// The review player's Playback inside a live co-review: the same controls, timeline and
// shortcuts, but every play, pause, seek, speed and loop goes to the session (CoReview) instead of
// the element, and the element follows the session's state for everyone alike.
import { Playback } from '$lib/components/review/playback.svelte';
import { formatTimestamp as clock } from './format';
import type { CoReview } from './coreview.svelte';

export class SharedPlayback extends Playback {
	readonly #session: CoReview;

	constructor(session: CoReview, knownDuration: number | null) {
		super(knownDuration);
		this.#session = session;
		session.onloop = (loop) => {
			if (loop) {
				this.loopStart = loop.start;
				this.loopEnd = loop.end;
			} else if (this.loopEnd !== null) {
				// A shared loop was cleared; a lone "A" being set here stays.
				this.loopStart = null;
				this.loopEnd = null;
			}
		};
	}

	override get locked(): boolean {
		return this.#session.locked || this.#session.ended !== null;
	}

	override attach(element: HTMLVideoElement): () => void {
		const detach = super.attach(element);
		const unbind = this.#session.bind(element);
		return () => {
			unbind();
			detach();
		};
	}

	#now(): number {
		return this.element?.currentTime ?? this.currentTime;
	}

	override play(): void {
		this.#session.propose({ type: 'play', position: this.#now() });
	}

	override pause(): void {
		if (this.#session.state.playing) this.#session.propose({ type: 'pause', position: this.#now() });
	}

	override toggle(): void {
		if (this.#session.state.playing) this.pause();
		else this.play();
	}

	override seek(seconds: number): void {
		const end = this.duration || 0;
		const to = Math.min(Math.max(0, seconds), end > 0 ? end : Math.max(0, seconds));
		if (!this.locked) this.currentTime = to;
		this.#session.propose({ type: 'seek', position: to });
	}

	override stepFrame(direction: 1 | -1): void {
		const to = Math.max(0, Math.min(this.#now() + direction * this.frameStep, this.duration || Infinity));
		this.#session.propose({ type: 'pause', position: to });
	}

	override setRate(rate: number): void {
		this.#session.propose({ type: 'rate', rate });
	}

	override markLoopEnd(at = this.currentTime): void {
		const start = this.loopStart ?? 0;
		if (at <= start) {
			this.loopMessage = `The loop end must come after its start (${clock(start)}).`;
			return;
		}
		this.loopMessage = `Looping ${clock(start)} to ${clock(at)}.`;
		this.#session.propose({ type: 'loop', loop: { start, end: at } });
	}

	override loop(start: number, end: number): void {
		this.loopMessage = `Looping ${clock(start)} to ${clock(end)}.`;
		this.#session.propose({ type: 'loop', loop: { start, end } });
		this.#session.propose({ type: 'play', position: start });
	}

	override clearLoop(): void {
		this.loopMessage = 'Loop cleared.';
		this.#session.propose({ type: 'loop', loop: null });
	}
}
