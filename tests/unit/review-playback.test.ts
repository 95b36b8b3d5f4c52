import { describe, expect, it } from 'bun:test';
import { estimateOffset } from '../../src/lib/review/clock';
import { correct, DEFAULT_DRIFT_RULES } from '../../src/lib/review/drift';
import { applyChange, applyWaiting, initialState, positionAt, type PlaybackState } from '../../src/lib/review/playback';

const T0 = 1_000_000;
const playingAt = (position: number, patch: Partial<PlaybackState> = {}): PlaybackState => ({ ...initialState(T0), playing: true, position, ...patch });

describe('positionAt', () => {
	it('stays put while paused and moves at the rate while playing', () => {
		expect(positionAt({ ...initialState(T0), position: 12 }, T0 + 5000)).toBe(12);
		expect(positionAt(playingAt(10), T0 + 2000)).toBeCloseTo(12, 9);
		expect(positionAt(playingAt(10, { rate: 0.5 }), T0 + 2000)).toBeCloseTo(11, 9);
	});

	it('wraps inside a loop and stops at the end of the video without one', () => {
		const looping = playingAt(3, { loop: { start: 3, end: 7 } });
		expect(positionAt(looping, T0 + 3000)).toBeCloseTo(6, 9);
		expect(positionAt(looping, T0 + 5000)).toBeCloseTo(4, 9);
		expect(positionAt(looping, T0 + 13_000)).toBeCloseTo(4, 9);
		expect(positionAt(playingAt(58), T0 + 10_000, 60)).toBe(60);
	});

	it('does not run backwards when the reader is behind the stamp', () => {
		expect(positionAt(playingAt(10), T0 - 500)).toBe(10);
	});
});

describe('applyChange', () => {
	const options = (baseVersion: number, now = T0 + 1000) => ({ baseVersion, now, duration: 60 });

	it('applies play, pause, seek and rate in order, each one version later, stamped with the server time', () => {
		const played = applyChange(initialState(T0), { type: 'play', position: 4 }, options(0));
		if (!played.ok) throw new Error(played.message);
		expect(played.state).toMatchObject({ playing: true, position: 4, version: 1, updatedAt: T0 + 1000 });
		const paused = applyChange(played.state, { type: 'pause', position: 6 }, options(1, T0 + 3000));
		if (!paused.ok) throw new Error(paused.message);
		expect(paused.state).toMatchObject({ playing: false, position: 6, version: 2 });
		const seeked = applyChange(paused.state, { type: 'seek', position: 30 }, options(2));
		expect(seeked.ok && seeked.state).toMatchObject({ playing: false, position: 30, version: 3 });
		const slower = applyChange(played.state, { type: 'rate', rate: 0.5 }, options(1, T0 + 2000));
		// The rate change keeps the position reached so far (1 s at 1x after 0:04).
		expect(slower.ok && slower.state).toMatchObject({ rate: 0.5, position: 5, version: 2 });
	});

	it('refuses a change made against an older version', () => {
		const state = { ...initialState(T0), version: 5 };
		expect(applyChange(state, { type: 'pause', position: 1 }, options(4))).toMatchObject({ ok: false, reason: 'stale' });
		expect(applyChange(state, { type: 'pause', position: 1 }, options(6))).toMatchObject({ ok: false, reason: 'stale' });
	});

	it('refuses positions, rates and loops off the video', () => {
		const state = initialState(T0);
		for (const change of [
			{ type: 'seek', position: -1 },
			{ type: 'seek', position: 61 },
			{ type: 'play', position: Number.NaN },
			{ type: 'rate', rate: 0.1 },
			{ type: 'rate', rate: 4 },
			{ type: 'loop', loop: { start: 5, end: 5 } },
			{ type: 'loop', loop: { start: 50, end: 70 } }
		] as const) {
			expect(applyChange(state, change, options(0))).toMatchObject({ ok: false, reason: 'invalid' });
		}
	});

	it('jumps into a new loop when playback is outside it, and stays where it is when inside', () => {
		const outside = applyChange(playingAt(20), { type: 'loop', loop: { start: 3, end: 7 } }, options(0));
		expect(outside.ok && outside.state).toMatchObject({ position: 3, loop: { start: 3, end: 7 } });
		const inside = applyChange(playingAt(4), { type: 'loop', loop: { start: 3, end: 7 } }, options(0));
		expect(inside.ok && inside.state.position).toBeCloseTo(5, 9);
		const cleared = applyChange(playingAt(4, { loop: { start: 3, end: 7 } }), { type: 'loop', loop: null }, options(0));
		expect(cleared.ok && cleared.state.loop).toBeNull();
	});
});

describe('correct', () => {
	it('holds within the tolerance, nudges a small drift toward the target, seeks a large one', () => {
		expect(correct(10, 10.02, 1, true)).toEqual({ kind: 'hold', playbackRate: 1 });
		const behind = correct(10, 10.2, 1, true);
		expect(behind.kind).toBe('nudge');
		expect(behind.playbackRate).toBeGreaterThan(1);
		const ahead = correct(10.2, 10, 0.5, true);
		expect(ahead.kind).toBe('nudge');
		expect(ahead.playbackRate).toBeLessThan(0.5);
		expect(correct(10, 14, 1, true)).toEqual({ kind: 'seek', position: 14, playbackRate: 1 });
	});

	it('never nudges by more than the rule allows, and seeks a paused player to the exact frame', () => {
		expect(correct(10, 10.9, 1, true).playbackRate).toBeCloseTo(1 + DEFAULT_DRIFT_RULES.maxNudge, 9);
		expect(correct(10, 10.2, 1, false)).toEqual({ kind: 'seek', position: 10.2, playbackRate: 1 });
	});
});

describe('estimateOffset', () => {
	it('takes the sample with the shortest round trip and half its trip', () => {
		const estimate = estimateOffset([
			{ sent: 1000, serverTime: 5100, received: 1200 },
			{ sent: 2000, serverTime: 6020, received: 2040 },
			{ sent: 3000, serverTime: 7300, received: 3400 }
		]);
		expect(estimate).toEqual({ offset: 4000, roundTrip: 40 });
	});

	it('ignores impossible samples and answers null without any', () => {
		expect(estimateOffset([{ sent: 10, serverTime: 99, received: 5 }])).toBeNull();
		expect(estimateOffset([])).toBeNull();
	});
});

describe('applyWaiting', () => {
	const now = T0 + 2000;
	it('holds playback for everyone while someone buffers, and resumes when the last one is ready', () => {
		const held = applyWaiting(playingAt(10), 7, true, now, 60);
		expect(held).toMatchObject({ playing: false, position: 12, waitingFor: [7], resumeWhenReady: true, version: 1 });
		const both = applyWaiting(held as PlaybackState, 8, true, now, 60);
		expect(both).toMatchObject({ playing: false, waitingFor: [7, 8], version: 2 });
		const one = applyWaiting(both as PlaybackState, 7, false, now + 500, 60);
		expect(one).toMatchObject({ playing: false, waitingFor: [8], resumeWhenReady: true, position: 12 });
		const resumed = applyWaiting(one as PlaybackState, 8, false, now + 900, 60);
		expect(resumed).toMatchObject({ playing: true, waitingFor: [], resumeWhenReady: false, position: 12, updatedAt: now + 900 });
	});

	it('ignores buffering while paused and repeated reports', () => {
		expect(applyWaiting({ ...initialState(T0), position: 4 }, 7, true, now, 60)).toBeNull();
		const held = applyWaiting(playingAt(10), 7, true, now, 60) as PlaybackState;
		expect(applyWaiting(held, 7, true, now, 60)).toBeNull();
		expect(applyWaiting(playingAt(10), 7, false, now, 60)).toBeNull();
	});

	it('ends the hold when a person presses pause or play', () => {
		const held = applyWaiting(playingAt(10), 7, true, now, 60) as PlaybackState;
		const paused = applyChange(held, { type: 'pause', position: 12 }, { baseVersion: held.version, now, duration: 60 });
		expect(paused.ok && paused.state).toMatchObject({ playing: false, waitingFor: [], resumeWhenReady: false });
		const forced = applyChange(held, { type: 'play', position: 12 }, { baseVersion: held.version, now, duration: 60 });
		expect(forced.ok && forced.state).toMatchObject({ playing: true, waitingFor: [] });
	});
});
