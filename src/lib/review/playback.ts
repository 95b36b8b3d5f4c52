// Shared playback of a live co-review: the state the server holds for a session, the changes
// participants send, and where "now" is in it. Pure functions, used by the server (to apply a
// change) and by every browser (to know where its player should be), so both sides compute the
// same position from the same state.

/** Playback rates a session accepts, as the review page's rate menu offers them. */
export const MIN_RATE = 0.25;
export const MAX_RATE = 2;

export interface Loop {
	/** seconds */
	start: number;
	/** seconds, > start */
	end: number;
}

/**
 * The authoritative state. `position` is where playback was at `updatedAt` (server clock, ms);
 * while playing it moves on at `rate`, wrapping inside `loop` when there is one. `version` goes up
 * by one with every accepted change.
 */
export interface PlaybackState {
	playing: boolean;
	position: number;
	rate: number;
	loop: Loop | null;
	updatedAt: number;
	version: number;
	/** Who may change playback: null lets every participant; the host can take it or hand it on. */
	controllerId: number | null;
	/** Participants whose player is buffering; while anyone is, playback holds for everyone. */
	waitingFor: number[];
	/** Playback held for a buffering participant, and resumes when nobody is waiting any more. */
	resumeWhenReady: boolean;
}

export type PlaybackChange =
	| { type: 'play'; position: number }
	| { type: 'pause'; position: number }
	| { type: 'seek'; position: number }
	| { type: 'rate'; rate: number }
	| { type: 'loop'; loop: Loop | null }
	/** Host mode: who holds the controls (null: everyone). Only the host may send it. */
	| { type: 'control'; controllerId: number | null };

export type ChangeRefusal = 'stale' | 'invalid';

export type ChangeResult = { ok: true; state: PlaybackState } | { ok: false; reason: ChangeRefusal; message: string };

export function initialState(now: number): PlaybackState {
	return { playing: false, position: 0, rate: 1, loop: null, updatedAt: now, version: 0, controllerId: null, waitingFor: [], resumeWhenReady: false };
}

/** Keeps a position on the video: not before 0, not past its end when the duration is known. */
export function clampPosition(position: number, duration: number | null): number {
	const upper = duration ?? Number.POSITIVE_INFINITY;
	return Math.min(Math.max(position, 0), upper);
}

/** Where playback is at `now` (server ms). A loop wraps; without one, playing stops at the end. */
export function positionAt(state: PlaybackState, now: number, duration: number | null = null): number {
	if (!state.playing) return state.position;
	const elapsed = Math.max(0, now - state.updatedAt) / 1000;
	const advanced = state.position + elapsed * state.rate;
	const { loop } = state;
	if (loop && state.position <= loop.end) {
		if (advanced < loop.end) return advanced;
		const length = loop.end - loop.start;
		return loop.start + ((advanced - loop.end) % length);
	}
	return clampPosition(advanced, duration);
}

const finite = (n: number) => Number.isFinite(n);

/**
 * Applies one participant's change, made against `baseVersion` (the version their player showed).
 * A change against an older version is refused as stale: the client takes the current state and
 * the person sees what the other did. The position a change carries is taken as the sender's
 * "now"; the server's clock stamps it.
 */
export function applyChange(
	state: PlaybackState,
	change: PlaybackChange,
	options: { baseVersion: number; now: number; duration: number | null }
): ChangeResult {
	if (options.baseVersion !== state.version) {
		return { ok: false, reason: 'stale', message: 'Someone else changed playback first; you now see where they are.' };
	}
	const { now, duration } = options;
	const next = (patch: Partial<PlaybackState>): ChangeResult => ({
		ok: true,
		state: { ...state, position: positionAt(state, now, duration), ...patch, updatedAt: now, version: state.version + 1 }
	});
	switch (change.type) {
		case 'play':
		case 'pause':
		case 'seek': {
			if (!finite(change.position) || change.position < 0) return invalid('The position must be a number of seconds, 0 or more.');
			if (duration !== null && change.position > duration) return invalid('The position is past the end of the video.');
			// A person's play or pause decides, whoever was buffering: the hold is over.
			if (change.type === 'seek') return next({ position: change.position });
			return next({ position: change.position, playing: change.type === 'play', waitingFor: [], resumeWhenReady: false });
		}
		case 'rate':
			if (!finite(change.rate) || change.rate < MIN_RATE || change.rate > MAX_RATE) {
				return invalid(`The speed must be between ${MIN_RATE}x and ${MAX_RATE}x.`);
			}
			return next({ rate: change.rate });
		case 'loop': {
			const { loop } = change;
			if (loop === null) return next({ loop: null });
			if (!finite(loop.start) || !finite(loop.end) || loop.start < 0 || loop.end <= loop.start) {
				return invalid('A loop needs a start before its end, both in seconds.');
			}
			if (duration !== null && loop.end > duration) return invalid('The loop ends past the end of the video.');
			// Setting a loop jumps into it when playback is outside, as a practice loop should.
			const here = positionAt(state, now, duration);
			const inside = here >= loop.start && here < loop.end;
			return next({ loop: { start: loop.start, end: loop.end }, position: inside ? here : loop.start });
		}
		case 'control':
			return next({ controllerId: change.controllerId });
	}
}

/**
 * A participant's player started or stopped buffering. While anyone buffers during playback,
 * playback holds (paused where it is) for everyone; when the last one is ready, it resumes.
 * Not a person's intent on a version: applied to whatever the state is now. Null: no change.
 */
export function applyWaiting(state: PlaybackState, userId: number, waiting: boolean, now: number, duration: number | null): PlaybackState | null {
	const already = state.waitingFor.includes(userId);
	if (waiting === already) return null;
	const bump = (patch: Partial<PlaybackState>): PlaybackState => ({
		...state,
		position: positionAt(state, now, duration),
		...patch,
		updatedAt: now,
		version: state.version + 1
	});
	if (waiting) {
		// Someone buffering while paused holds nothing; only a hold during playback is tracked.
		if (!state.playing && !state.resumeWhenReady) return null;
		return bump({ playing: false, waitingFor: [...state.waitingFor, userId], resumeWhenReady: true });
	}
	const waitingFor = state.waitingFor.filter((id) => id !== userId);
	const resume = waitingFor.length === 0 && state.resumeWhenReady;
	return bump({ waitingFor, playing: resume || state.playing, resumeWhenReady: resume ? false : state.resumeWhenReady });
}

function invalid(message: string): ChangeResult {
	return { ok: false, reason: 'invalid', message };
}
