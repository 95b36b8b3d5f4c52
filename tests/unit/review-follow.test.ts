import { describe, expect, it } from 'bun:test';
import { follow, mayControl, MAX_SEEK_LEAD, nextSeekLead, sameCourse, SETTLE_SEEK_THRESHOLD, waitingNotice } from '../../src/lib/review/follow';
import { initialState, type PlaybackState } from '../../src/lib/review/playback';
import { participantColour, presenceOf } from '../../src/lib/review/presence';
import { pointerFraction, throttle } from '../../src/lib/review/pointer';

const T0 = 5_000_000;
const state = (patch: Partial<PlaybackState> = {}): PlaybackState => ({ ...initialState(T0), ...patch });
const player = (currentTime: number, paused = false, seeking = false) => ({ currentTime, paused, seeking });
const at = (ms: number) => ({ serverNow: T0 + ms, duration: 60, seekLead: 0 });

describe('follow', () => {
	it('starts a paused player when the state plays, and stops a playing one when it pauses', () => {
		expect(follow(state({ playing: true, position: 2 }), player(2, true), at(0)).transport).toBe('play');
		expect(follow(state({ position: 2 }), player(2, false), at(0)).transport).toBe('pause');
		expect(follow(state({ playing: true, position: 2 }), player(2, false), at(0)).transport).toBeNull();
	});

	it('holds a player within the tolerance, nudges a small drift and seeks a large one', () => {
		const playing = state({ playing: true, position: 10 });
		expect(follow(playing, player(12.02), at(2000))).toMatchObject({ seek: null, playbackRate: 1, target: 12 });
		const behind = follow(playing, player(11.8), at(2000));
		expect(behind.seek).toBeNull();
		expect(behind.playbackRate).toBeCloseTo(1.1, 9);
		const ahead = follow(playing, player(12.1), at(2000));
		expect(ahead.playbackRate).toBeLessThan(1);
		expect(follow(playing, player(5), at(2000)).seek).toBeCloseTo(12, 9);
	});

	it('nudges relative to the session rate', () => {
		const slow = state({ playing: true, position: 10, rate: 0.5 });
		expect(follow(slow, player(10.9), at(2000)).playbackRate).toBeCloseTo(0.5 * 1.05, 9);
	});

	it('seeks a paused player to the exact position past the tolerance', () => {
		expect(follow(state({ position: 5 }), player(5.1, true), at(3000)).seek).toBe(5);
		expect(follow(state({ position: 5 }), player(5.01, true), at(3000)).seek).toBeNull();
	});

	it('aims a seek while playing at where playback will be when it lands, wrapping inside a loop', () => {
		const playing = state({ playing: true, position: 10 });
		expect(follow(playing, player(0), { ...at(0), seekLead: 200 }).seek).toBeCloseTo(10.2, 9);
		const looping = state({ playing: true, position: 3, loop: { start: 3, end: 7 } });
		// 4.5 s in: the loop wrapped once, playback is at 3.5; a player that ran past the end is brought back.
		expect(follow(looping, player(7.4), at(4500)).seek).toBeCloseTo(3.5, 9);
		expect(follow(looping, player(6.9), { ...at(3950), seekLead: 100 }).seek).toBeNull();
	});

	it('does not stack a second seek on one under way', () => {
		expect(follow(state({ playing: true, position: 30 }), player(0, false, true), at(0)).seek).toBeNull();
	});

	it('closes a gap past the settle threshold by seeking while settling, and nudges it otherwise', () => {
		const playing = state({ playing: true, position: 10 });
		// A remote seek that landed 300 ms behind: a nudge at +10 % would take 3 s to close it.
		expect(follow(playing, player(11.7), at(2000)).seek).toBeNull();
		expect(follow(playing, player(11.7), { ...at(2000), settling: true, seekLead: 100 }).seek).toBeCloseTo(12.1, 9);
		// Within the settle threshold a nudge still does, and the tolerance still holds.
		expect(follow(playing, player(12 - SETTLE_SEEK_THRESHOLD / 2), { ...at(2000), settling: true }).seek).toBeNull();
		expect(follow(playing, player(12.03), { ...at(2000), settling: true })).toMatchObject({ seek: null, playbackRate: 1 });
	});

	it('lets a player without a loop finish at the end instead of restarting it', () => {
		const done = state({ playing: true, position: 59 });
		expect(follow(done, player(60, true), at(5000)).transport).toBeNull();
	});
});

describe('sameCourse', () => {
	it('tells an acknowledgement of the same course from a change of course', () => {
		const playing = state({ playing: true, position: 10 });
		// The server confirms the same play 80 ms later: the position moved on with the clock.
		expect(sameCourse(playing, { ...playing, position: 10.08, updatedAt: T0 + 80, version: 2 })).toBe(true);
		expect(sameCourse(playing, { ...playing, position: 20, updatedAt: T0 + 80 })).toBe(false);
		expect(sameCourse(playing, { ...playing, playing: false })).toBe(false);
		expect(sameCourse(playing, { ...playing, rate: 0.5 })).toBe(false);
		expect(sameCourse(playing, { ...playing, loop: { start: 2, end: 4 } })).toBe(false);
	});
});

describe('nextSeekLead', () => {
	it('learns what seeks cost, within bounds', () => {
		expect(nextSeekLead(0, 0.2, 1)).toBeCloseTo(100, 9);
		expect(nextSeekLead(100, 0.1, 0.5)).toBeCloseTo(200, 9);
		expect(nextSeekLead(0, -1, 1)).toBe(0);
		expect(nextSeekLead(500, 5, 1)).toBe(MAX_SEEK_LEAD);
	});
});

describe('controls and notices', () => {
	it('lets everyone control until someone holds the controls', () => {
		expect(mayControl(state(), 7)).toBe(true);
		expect(mayControl(state({ controllerId: 7 }), 7)).toBe(true);
		expect(mayControl(state({ controllerId: 7 }), 8)).toBe(false);
	});

	it('names who playback waits for', () => {
		const names: Record<number, string> = { 1: 'Ana', 2: 'Theo', 3: 'Mia' };
		const nameOf = (id: number) => names[id] ?? '?';
		expect(waitingNotice([], 1, nameOf)).toBeNull();
		expect(waitingNotice([1], 2, nameOf)).toBe('Waiting for Ana…');
		expect(waitingNotice([1, 3], 2, nameOf)).toBe('Waiting for Ana and Mia…');
		expect(waitingNotice([2], 2, nameOf)).toBe('Your video is loading; the others wait for you.');
		expect(waitingNotice([1, 2], 2, nameOf)).toBe('Waiting for Ana and you…');
	});
});

describe('presenceOf', () => {
	const host = { id: 1 };
	const invitees = [{ id: 2 }, { id: 3 }];
	const none = { reconnecting: new Map<number, number>(), now: 1000 };
	it('shows who is here, who left and who has not joined yet, host first', () => {
		const list = presenceOf({ host, invitees, inRoom: new Set([1]), seen: new Set([1, 2]), me: 1, joined: true, ...none });
		expect(list.map((e) => [e.person.id, e.status, e.isHost])).toEqual([
			[1, 'here', true],
			[2, 'left', false],
			[3, 'invited', false]
		]);
	});

	it('shows this page and the people it saw as connecting while it is not in the room', () => {
		const list = presenceOf({ host, invitees, inRoom: new Set([1, 2]), seen: new Set([2]), me: 3, joined: false, ...none });
		expect(list.map((e) => e.status)).toEqual(['invited', 'connecting', 'connecting']);
	});

	it('shows someone whose connection dropped as reconnecting until their grace period ends, then as left', () => {
		const input = { host, invitees, inRoom: new Set([1]), seen: new Set([1, 2]), me: 1, joined: true, reconnecting: new Map([[2, 5000]]) };
		expect(presenceOf({ ...input, now: 4999 }).map((e) => e.status)).toEqual(['here', 'reconnecting', 'invited']);
		expect(presenceOf({ ...input, now: 5000 }).map((e) => e.status)).toEqual(['here', 'left', 'invited']);
		// Back in the room, they are here whatever the server last said about the drop.
		expect(presenceOf({ ...input, inRoom: new Set([1, 2]), now: 4000 }).map((e) => e.status)).toEqual(['here', 'here', 'invited']);
	});

	it('gives each participant a stable colour in the session order', () => {
		expect(participantColour([1, 2, 3], 1)).toBe(1);
		expect(participantColour([1, 2, 3], 3)).toBe(3);
		expect(participantColour([1, 2, 3, 4, 5, 6, 7], 7)).toBe(1);
	});
});

describe('pointer', () => {
	it('measures the pointer as fractions of the video box, null outside it', () => {
		const box = { left: 100, top: 50, width: 400, height: 200 };
		expect(pointerFraction(box, 300, 100)).toEqual({ x: 0.5, y: 0.25 });
		expect(pointerFraction(box, 99, 100)).toBeNull();
		expect(pointerFraction({ ...box, width: 0 }, 100, 50)).toBeNull();
	});

	it('throttles to one send an interval, ending on the latest value', () => {
		let now = 0;
		const timers: { fn: () => void; at: number }[] = [];
		const sent: number[] = [];
		const t = throttle<number>(50, (v) => sent.push(v), {
			now: () => now,
			set: (fn, ms) => timers.push({ fn, at: now + ms }),
			clear: () => timers.splice(0)
		});
		t.push(1);
		now = 10;
		t.push(2);
		t.push(3);
		expect(sent).toEqual([1]);
		expect(timers).toHaveLength(1);
		now = 50;
		timers.shift()?.fn();
		expect(sent).toEqual([1, 3]);
		now = 70;
		t.push(4);
		t.cancel();
		now = 100;
		timers.shift()?.fn();
		expect(sent).toEqual([1, 3]);
	});
});
