import { describe, expect, it } from 'bun:test';
import { currentComment, emptySet, remove, threads, upsert } from '../../src/lib/client/comment-merge';
import type { Comment } from '../../src/lib/client/comment-types';
import { formatTimestamp, parseTimestamp } from '../../src/lib/client/format';
import { SHORTCUTS, shortcutFor } from '../../src/lib/client/review-shortcuts';

const author = { id: 1, username: 'ana', fullName: 'Ana', role: 'student' as const, profileImageUrl: null };
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 21, 12, 0, seconds)).toISOString();

function comment(over: Partial<Comment> & { id: number }): Comment {
	return {
		videoId: 7,
		seq: over.id,
		revision: over.id,
		author,
		content: `comment ${over.id}`,
		timestamp: 0,
		endTimestamp: null,
		category: null,
		parentCommentId: null,
		createdAt: at(0),
		updatedAt: at(0),
		edited: false,
		drawing: null,
		...over
	};
}

describe('upsert', () => {
	it('keeps one copy of a comment that arrives from the page, the socket and a resync', () => {
		const c = comment({ id: 1, timestamp: 3 });
		const set = upsert(upsert(upsert(emptySet(), [c]), [{ ...c }]), [c, comment({ id: 2, timestamp: 1 })]);
		expect(set.comments.map((x) => x.id)).toEqual([2, 1]);
	});

	it('orders by timestamp, then by commit order', () => {
		const set = upsert(emptySet(), [comment({ id: 3, timestamp: 5 }), comment({ id: 1, timestamp: 5, seq: 1 }), comment({ id: 2, timestamp: 0.5 })]);
		expect(set.comments.map((x) => x.id)).toEqual([2, 1, 3]);
	});

	it('does not let an older copy (a slow fetch) replace an edit that arrived first', () => {
		const edited = comment({ id: 1, content: 'edited', revision: 9, updatedAt: at(9), edited: true });
		const set = upsert(upsert(emptySet(), [edited]), [comment({ id: 1, content: 'original' })]);
		expect(set.comments[0]?.content).toBe('edited');
		expect(upsert(set, [{ ...edited, content: 'again', revision: 10 }]).comments[0]?.content).toBe('again');
		// The same revision is the same change: nothing to do.
		expect(upsert(set, [{ ...edited }])).toBe(set);
	});

	it('never brings back a deleted comment, or a reply of one, from a late fetch', () => {
		const parent = comment({ id: 1 });
		const reply = comment({ id: 2, parentCommentId: 1 });
		let set = remove(upsert(emptySet(), [parent]), [1]);
		set = upsert(set, [parent, reply, comment({ id: 3 })]);
		expect(set.comments.map((x) => x.id)).toEqual([3]);
	});
});

describe('remove', () => {
	it('takes the replies with their comment, even ones the event did not list', () => {
		const set = upsert(emptySet(), [comment({ id: 1 }), comment({ id: 2, parentCommentId: 1 }), comment({ id: 3, parentCommentId: 1 }), comment({ id: 4 })]);
		expect(remove(set, [1, 2]).comments.map((x) => x.id)).toEqual([4]);
	});
});

describe('threads', () => {
	it('puts replies under their comment in commit order', () => {
		const list = upsert(emptySet(), [comment({ id: 1, timestamp: 4 }), comment({ id: 5, parentCommentId: 1, timestamp: 0 }), comment({ id: 3, parentCommentId: 1, timestamp: 9 }), comment({ id: 2, timestamp: 1 })]).comments;
		expect(threads(list).map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
			[2, []],
			[1, [3, 5]]
		]);
	});
});

describe('currentComment', () => {
	const list = [comment({ id: 1, timestamp: 2, endTimestamp: 8 }), comment({ id: 2, timestamp: 3 }), comment({ id: 3, timestamp: 20 })];
	it('is the last comment passed, for a few seconds after its moment', () => {
		expect(currentComment(list, 3.5)?.id).toBe(2);
		expect(currentComment(list, 21)?.id).toBe(3);
	});
	it('is a passage while playback is inside it', () => {
		expect(currentComment(list, 7)?.id).toBe(1);
	});
	it('is none before the first comment or between them', () => {
		expect(currentComment(list, 1)).toBeNull();
		expect(currentComment(list, 12)).toBeNull();
	});
});

describe('timestamps', () => {
	it('formats whole seconds as m:ss and fractions to the millisecond', () => {
		expect(formatTimestamp(3)).toBe('0:03');
		expect(formatTimestamp(72.5)).toBe('1:12.500');
		expect(formatTimestamp(3.0004)).toBe('0:03');
		expect(formatTimestamp(3729.25)).toBe('1:02:09.250');
	});
	it('reads what it writes, and plain seconds', () => {
		for (const t of [0, 3, 72.5, 3729.25, 12.347]) expect(parseTimestamp(formatTimestamp(t))).toBe(t);
		expect(parseTimestamp('7')).toBe(7);
		expect(parseTimestamp(' 0:07.5 ')).toBe(7.5);
	});
	it('refuses what is not a time', () => {
		for (const text of ['', 'abc', '1:75', '1:60:00', '-3', '0:07.1234', '1::2']) expect(parseTimestamp(text)).toBeNull();
	});
});

describe('shortcuts', () => {
	const target = {} as EventTarget;
	const key = (k: string, mods: Partial<KeyboardEvent> = {}) => shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods }, target);
	it('maps the documented keys', () => {
		expect([key(' '), key('k'), key('J'), key('l'), key(','), key('.'), key('['), key(']'), key('c'), key('?')]).toEqual([
			'togglePlay', 'togglePlay', 'back10', 'forward10', 'previousFrame', 'nextFrame', 'loopStart', 'loopEnd', 'comment', 'help'
		]);
	});
	it('leaves keys with modifiers to the browser', () => {
		expect(key('c', { ctrlKey: true })).toBeNull();
		expect(key('l', { metaKey: true })).toBeNull();
	});
	it('lists every action once in the help', () => {
		expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
	});
});
