// How a co-review player holds itself to the shared state. Like Syncplay, small differences are
// absorbed by playing a little faster or slower, so nobody sees a jump, and only a large one is
// fixed by seeking. Syncplay tolerates seconds between friends watching a film; a lesson needs
// both players on the same note, so the thresholds here are tighter: the goal is the two screens
// within 150 ms of each other (bench/coreview.ts measures it).

export interface DriftRules {
	/** A difference at most this large is left alone (seconds). */
	tolerance: number;
	/** Past this, seek instead of nudging (seconds). */
	seekThreshold: number;
	/** The largest change to the rate a nudge makes, as a fraction of the rate (0.1 = ±10 %). */
	maxNudge: number;
	/** The nudge as a fraction of the rate per second of difference: it closes a gap in about 1/gain s. */
	gain: number;
}

export const DEFAULT_DRIFT_RULES: DriftRules = { tolerance: 0.04, seekThreshold: 1, maxNudge: 0.1, gain: 0.5 };

export type Correction =
	| { kind: 'hold'; playbackRate: number }
	| { kind: 'nudge'; playbackRate: number }
	| { kind: 'seek'; position: number; playbackRate: number };

/**
 * What to do with a player at `local` seconds that should be at `target`. Paused, it seeks to the
 * exact frame past the tolerance; playing, it nudges the rate toward the target, or seeks when
 * far off. `rate` is the session's rate: a nudge is relative to it.
 */
export function correct(local: number, target: number, rate: number, playing: boolean, rules: DriftRules = DEFAULT_DRIFT_RULES): Correction {
	const behind = target - local;
	const gap = Math.abs(behind);
	if (gap <= rules.tolerance) return { kind: 'hold', playbackRate: rate };
	if (!playing || gap > rules.seekThreshold) return { kind: 'seek', position: target, playbackRate: rate };
	const nudge = Math.max(-rules.maxNudge, Math.min(rules.maxNudge, behind * rules.gain));
	return { kind: 'nudge', playbackRate: rate * (1 + nudge) };
}
