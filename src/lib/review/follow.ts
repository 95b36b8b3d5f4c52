// What a co-review player does on each tick to stay on the shared state: play or pause as the
// state says, then hold its position with `correct()` (drift.ts). Pure, so every rule is pinned by
// a unit test; the browser's sync engine (src/lib/client/coreview.svelte.ts) only reads the
// <video> and carries the step out.
import { correct, DEFAULT_DRIFT_RULES, type DriftRules } from './drift';
import { positionAt, type PlaybackState } from './playback';

/** What the engine reads from the <video> before deciding. */
export interface PlayerReading {
	currentTime: number;
	paused: boolean;
	/** A seek is under way: its target is not known to currentTime yet, so no second one. */
	seeking: boolean;
}

export interface FollowStep {
	/** Start (`play`) or stop (`pause`) the element, or leave it (`null`). */
	transport: 'play' | 'pause' | null;
	/** Seek the element here (seconds), or leave its position. */
	seek: number | null;
	/** The element's playbackRate: the session's rate, nudged when a little off. */
	playbackRate: number;
	/** Where the player should be now (seconds), for display and measurement. */
	target: number;
}

export interface FollowOptions {
	/** The server's clock now (ms). */
	serverNow: number;
	/** The video's length (seconds) when known: playing stops there unless a loop wraps. */
	duration: number | null;
	/**
	 * How long a seek takes to land while playing (ms): seeking to where playback will be then,
	 * not where it is now, saves the nudging that would follow.
	 */
	seekLead: number;
	/**
	 * Just after a change to the shared state: a gap past SETTLE_SEEK_THRESHOLD is closed by a seek
	 * (inside what is buffered, so it lands at once) instead of a nudge that would take seconds.
	 */
	settling?: boolean;
	rules?: DriftRules;
}

/**
 * While settling, seek past this gap (seconds). A seek that had to fetch a new segment lands some
 * 100–500 ms off; nudging at ±10 % would close that in seconds, a second seek in one frame or two.
 */
export const SETTLE_SEEK_THRESHOLD = 0.12;
/** How long after a change the player settles (ms), and how many seeks it may make meanwhile. */
export const SETTLE_WINDOW_MS = 2500;
export const SETTLE_SEEKS = 3;

/** Within this of the end, a player without a loop has finished: it is not restarted. */
const END_MARGIN = 0.05;

export function follow(state: PlaybackState, player: PlayerReading, options: FollowOptions): FollowStep {
	const { serverNow, duration, seekLead, settling = false } = options;
	const base = options.rules ?? DEFAULT_DRIFT_RULES;
	const rules = settling ? { ...base, seekThreshold: Math.min(base.seekThreshold, SETTLE_SEEK_THRESHOLD) } : base;
	const target = positionAt(state, serverNow, duration);
	const finished = state.playing && !state.loop && duration !== null && target >= duration - END_MARGIN;
	const playing = state.playing && !finished;
	const transport = playing && player.paused ? 'play' : !playing && !player.paused ? 'pause' : null;
	if (player.seeking) return { transport, seek: null, playbackRate: state.rate, target };
	const correction = correct(player.currentTime, target, state.rate, playing, rules);
	if (correction.kind !== 'seek') return { transport, seek: null, playbackRate: correction.playbackRate, target };
	// Playing, aim where playback will be when the seek lands (positionAt wraps a loop and stops at the end).
	const seek = playing ? positionAt(state, serverNow + seekLead, duration) : target;
	return { transport, seek, playbackRate: state.rate, target };
}

/**
 * Whether two states put playback on the same course: playing or not alike, at the same rate and
 * loop, and at the same position at the newer one's instant (within a frame at 60 fps). An
 * acknowledgement of a change already applied here is the same course; someone's seek is not.
 */
export function sameCourse(a: PlaybackState, b: PlaybackState, duration: number | null = null): boolean {
	if (a.playing !== b.playing || a.rate !== b.rate) return false;
	if ((a.loop?.start ?? null) !== (b.loop?.start ?? null) || (a.loop?.end ?? null) !== (b.loop?.end ?? null)) return false;
	const at = Math.max(a.updatedAt, b.updatedAt);
	return Math.abs(positionAt(a, at, duration) - positionAt(b, at, duration)) < 1 / 60;
}

/** The longest seek lead assumed: a slower seek is a stall, which buffering reports handle. */
export const MAX_SEEK_LEAD = 600;

/**
 * The seek lead after a seek that landed `missedBy` seconds behind the target (negative: ahead),
 * at the session's `rate`: an average of what seeks have cost, kept within 0..MAX_SEEK_LEAD ms.
 */
export function nextSeekLead(lead: number, missedBy: number, rate: number): number {
	const observed = lead + (missedBy / rate) * 1000;
	const blended = lead * 0.5 + observed * 0.5;
	return Math.min(MAX_SEEK_LEAD, Math.max(0, blended));
}

/** Whether this participant may change playback now (host mode: only the controller). */
export function mayControl(state: PlaybackState, userId: number): boolean {
	return state.controllerId === null || state.controllerId === userId;
}

/** "Waiting for Ana", "Waiting for Ana and Theo", or null when nobody buffers. `me` is named "you". */
export function waitingNotice(waitingFor: readonly number[], me: number, nameOf: (userId: number) => string): string | null {
	if (waitingFor.length === 0) return null;
	const others = waitingFor.filter((id) => id !== me).map(nameOf);
	if (others.length === 0) return 'Your video is loading; the others wait for you.';
	const names = others.length === 1 ? others[0] : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
	return `Waiting for ${names}${waitingFor.includes(me) ? ' and you' : ''}…`;
}
