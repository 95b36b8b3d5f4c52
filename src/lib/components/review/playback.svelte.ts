import { formatTimestamp as clock } from '$lib/client/format';

// The review player's state over one <video>: time, rate, the A-B loop and frame steps, read by
// the timeline, the controls, the comment list and the keyboard shortcuts alike.

export const RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** Used for frame steps until the video's own frame rate has been measured. */
const DEFAULT_FRAME = 1 / 30;

type FrameCallbackVideo = HTMLVideoElement & {
	requestVideoFrameCallback?: (callback: (now: number, metadata: { mediaTime: number; presentedFrames: number }) => void) => number;
	cancelVideoFrameCallback?: (handle: number) => void;
};

export class Playback {
	element = $state.raw<HTMLVideoElement | null>(null);
	currentTime = $state(0);
	duration = $state(0);
	paused = $state(true);
	rate = $state(1);
	muted = $state(false);
	loopStart = $state<number | null>(null);
	loopEnd = $state<number | null>(null);
	/** The last thing the loop buttons did, for a screen reader. */
	loopMessage = $state('');
	#frame = DEFAULT_FRAME;

	/** Both ends set: playback stays between them. */
	get looping(): boolean {
		return this.loopStart !== null && this.loopEnd !== null;
	}

	/** Whether changes are refused here: a live co-review where someone else holds the controls. */
	get locked(): boolean {
		return false;
	}

	/** The length of one frame (seconds), as measured while playing. */
	get frameStep(): number {
		return this.#frame;
	}

	constructor(knownDuration: number | null) {
		this.duration = knownDuration ?? 0;
	}

	/** Follows the element until the returned function is called. */
	attach(element: FrameCallbackVideo): () => void {
		this.element = element;
		element.preservesPitch = true;
		element.defaultPlaybackRate = this.rate;
		element.playbackRate = this.rate;
		const sync = () => {
			this.currentTime = element.currentTime;
			this.paused = element.paused;
			// The chosen rate: a co-review nudges playbackRate a little to hold position, and the
			// speed menu must keep showing the session's rate meanwhile.
			this.rate = element.defaultPlaybackRate;
			this.muted = element.muted;
			if (Number.isFinite(element.duration) && element.duration > 0) this.duration = element.duration;
		};
		let raf = 0;
		const tick = () => {
			this.#keepInLoop(element);
			this.currentTime = element.currentTime;
			raf = element.paused ? 0 : requestAnimationFrame(tick);
		};
		const onPlay = () => {
			sync();
			if (!raf) raf = requestAnimationFrame(tick);
		};
		const onEnded = () => {
			if (this.looping) {
				element.currentTime = this.loopStart ?? 0;
				void element.play().catch(() => {});
			}
		};
		// The frame rate, measured from presented frames while the video plays.
		let last: { mediaTime: number; frames: number } | null = null;
		let frameHandle = 0;
		const onFrame = (_now: number, meta: { mediaTime: number; presentedFrames: number }) => {
			if (last && meta.presentedFrames - last.frames === 1) {
				const step = meta.mediaTime - last.mediaTime;
				if (step > 1 / 121 && step < 1 / 9) this.#frame = step;
			}
			last = { mediaTime: meta.mediaTime, frames: meta.presentedFrames };
			frameHandle = element.requestVideoFrameCallback?.(onFrame) ?? 0;
		};
		frameHandle = element.requestVideoFrameCallback?.(onFrame) ?? 0;
		const events = ['timeupdate', 'durationchange', 'loadedmetadata', 'pause', 'ratechange', 'seeked', 'volumechange'] as const;
		for (const name of events) element.addEventListener(name, sync);
		element.addEventListener('play', onPlay);
		element.addEventListener('ended', onEnded);
		sync();
		return () => {
			for (const name of events) element.removeEventListener(name, sync);
			element.removeEventListener('play', onPlay);
			element.removeEventListener('ended', onEnded);
			cancelAnimationFrame(raf);
			if (frameHandle) element.cancelVideoFrameCallback?.(frameHandle);
			this.element = null;
		};
	}

	#keepInLoop(element: HTMLVideoElement): void {
		if (!this.looping || element.paused) return;
		if (element.currentTime >= (this.loopEnd ?? Infinity)) element.currentTime = this.loopStart ?? 0;
	}

	play(): void {
		void this.element?.play().catch(() => {});
	}

	pause(): void {
		this.element?.pause();
	}

	toggle(): void {
		if (this.element?.paused) this.play();
		else this.pause();
	}

	seek(seconds: number): void {
		const element = this.element;
		if (!element) return;
		const end = this.duration || element.duration || 0;
		const to = Math.min(Math.max(0, seconds), end > 0 ? end : Math.max(0, seconds));
		element.currentTime = to;
		this.currentTime = to;
	}

	skip(seconds: number): void {
		this.seek(this.currentTime + seconds);
	}

	/** One frame forward or back; pauses first, since a step only means something on a still frame. */
	stepFrame(direction: 1 | -1): void {
		this.pause();
		this.seek(this.currentTime + direction * this.#frame);
	}

	setRate(rate: number): void {
		this.rate = rate;
		if (this.element) {
			this.element.preservesPitch = true;
			// The default too: a reload of the source (hls.js recovering) starts at the chosen rate.
			this.element.defaultPlaybackRate = rate;
			this.element.playbackRate = rate;
		}
	}

	toggleMute(): void {
		if (this.element) this.element.muted = !this.element.muted;
	}

	markLoopStart(at = this.currentTime): void {
		this.loopStart = at;
		if (this.loopEnd !== null && this.loopEnd <= at) this.loopEnd = null;
		this.loopMessage = this.looping ? `Looping ${span(this)}.` : `Loop start set at ${clock(at)}. Set the end with ].`;
	}

	markLoopEnd(at = this.currentTime): void {
		const start = this.loopStart ?? 0;
		if (at <= start) {
			this.loopMessage = `The loop end must come after its start (${clock(start)}).`;
			return;
		}
		this.loopStart = start;
		this.loopEnd = at;
		this.loopMessage = `Looping ${span(this)}.`;
	}

	/** A passage's loop in one step, from its start. */
	loop(start: number, end: number): void {
		this.loopStart = start;
		this.loopEnd = end;
		this.loopMessage = `Looping ${span(this)}.`;
		this.seek(start);
		this.play();
	}

	clearLoop(): void {
		this.loopStart = null;
		this.loopEnd = null;
		this.loopMessage = 'Loop cleared.';
	}
}

const span = (p: Playback) => `${clock(p.loopStart ?? 0)} to ${clock(p.loopEnd ?? 0)}`;
