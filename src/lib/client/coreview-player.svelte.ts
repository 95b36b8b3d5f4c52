// Holds one <video> to a co-review session's playback state: each tick it asks follow.ts where the
// player should be on the server's clock and pauses, seeks, plays or nudges the rate to get there.
// It learns how long its own seeks take to land, closes a gap quickly after the state takes a new
// course, and reports the player's buffering so that playback holds for everyone meanwhile.
import { follow, nextSeekLead, SETTLE_SEEKS, SETTLE_WINDOW_MS } from '$lib/review/follow';
import type { PlaybackState } from '$lib/review/playback';

/** A `waiting` that lasts this long is buffering, not the blink of a seek (ms). */
const BUFFERING_AFTER = 400;
/** HTMLMediaElement.HAVE_FUTURE_DATA: enough to play on. */
const CAN_PLAY = 3;

/** What the follower reads from the session it follows. */
export type FollowedSession = {
	/** The state the player follows now. */
	state: () => PlaybackState;
	serverNow: () => number;
	duration: () => number | null;
	/** The session runs and this page is live in it: the player is held to the state. */
	following: () => boolean;
	/** Tells the others this player is (no longer) buffering; false when it could not be sent. */
	sendWaiting: (waiting: boolean) => boolean;
};

export class PlayerFollower {
	/** The browser refused to start playback without a click here (autoplay rules). */
	needsGesture = $state(false);

	readonly #session: FollowedSession;
	#element: HTMLVideoElement | null = null;
	/** ms a seek takes to land while playing, learnt from the seeks made. */
	#seekLead = 150;
	#seekedTo: number | null = null;
	/** After a change to the state: until when (performance.now()), and the seeks left, to settle. */
	#settleUntil = 0;
	#settleSeeks = 0;
	#waitingSent = false;

	constructor(session: FollowedSession) {
		this.#session = session;
	}

	/** Holds this <video> to the session until the returned function is called. */
	bind(element: HTMLVideoElement): () => void {
		this.#element = element;
		let timer: ReturnType<typeof setTimeout> | null = null;
		const buffering = () => {
			if (timer) return;
			timer = setTimeout(() => {
				timer = null;
				if (element.readyState < CAN_PLAY && this.#session.state().playing) this.#reportWaiting(true);
			}, BUFFERING_AFTER);
		};
		const ready = () => {
			if (element.readyState >= CAN_PLAY) this.#reportWaiting(false);
		};
		const seeked = () => {
			// How far behind our own seek landed teaches how far ahead to aim the next one.
			if (this.#seekedTo === null) return;
			this.#seekedTo = null;
			const state = this.#session.state();
			if (!state.playing) return;
			const step = follow(state, { currentTime: element.currentTime, paused: false, seeking: false }, { serverNow: this.#session.serverNow(), duration: this.#session.duration(), seekLead: 0 });
			this.#seekLead = nextSeekLead(this.#seekLead, step.target - element.currentTime, state.rate);
		};
		const listeners = [['waiting', buffering], ['stalled', buffering], ['playing', ready], ['canplay', ready], ['canplaythrough', ready], ['seeked', seeked], ['loadedmetadata', () => this.tick()]] as const;
		for (const [name, fn] of listeners) element.addEventListener(name, fn);
		this.tick();
		return () => {
			for (const [name, fn] of listeners) element.removeEventListener(name, fn);
			if (timer) clearTimeout(timer);
			if (this.#element === element) this.#element = null;
		};
	}

	/** The session ended: the player stops where it is. */
	pause(): void {
		this.#element?.pause();
	}

	/** The state took a new course (a seek, play, pause, rate): close what gap follows quickly. */
	settle(): void {
		this.#settleUntil = performance.now() + SETTLE_WINDOW_MS;
		this.#settleSeeks = SETTLE_SEEKS;
	}

	tick(): void {
		const element = this.#element;
		if (!element || element.readyState < 1 || !this.#session.following()) return;
		const state = this.#session.state();
		const settling = this.#settleSeeks > 0 && performance.now() < this.#settleUntil;
		const step = follow(state, { currentTime: element.currentTime, paused: element.paused, seeking: element.seeking }, { serverNow: this.#session.serverNow(), duration: this.#session.duration(), seekLead: this.#seekLead, settling });
		if (step.transport === 'pause') element.pause();
		if (step.seek !== null) {
			if (settling) this.#settleSeeks -= 1;
			this.#seekedTo = step.seek;
			element.currentTime = step.seek;
		}
		if (element.defaultPlaybackRate !== state.rate) element.defaultPlaybackRate = state.rate;
		if (element.playbackRate !== step.playbackRate) element.playbackRate = step.playbackRate;
		if (step.transport === 'play' && !this.needsGesture) {
			element.play().catch((error: unknown) => {
				if (error instanceof DOMException && error.name === 'NotAllowedError') this.needsGesture = true;
			});
		}
		// Held for our buffering, the player was paused where it was: once it can play, say so.
		if (this.#waitingSent && !element.seeking && element.readyState >= CAN_PLAY) this.#reportWaiting(false);
	}

	#reportWaiting(waiting: boolean): void {
		if (waiting === this.#waitingSent || !this.#session.sendWaiting(waiting)) return;
		this.#waitingSent = waiting;
	}
}
