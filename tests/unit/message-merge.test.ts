import { describe, expect, it } from 'bun:test';
import {
	addOlder,
	applyLive,
	applyPage,
	arrivals,
	fromPage,
	hasGap,
	markDeleted,
	pageFeed,
	type MessagePage,
	type MessageSet
} from '../../src/lib/client/message-merge';
import type { Message } from '../../src/lib/client/message-types';

// The open conversation's merge: messages heard live and read from `?since=` pages, applied once
// each, in any order; edits replace, deletions stay; the resync cursor never moves past an unread
// page; changes to messages not loaded yet wait for their older page.

function message(id: number, revision: number, over: Partial<Message> = {}): Message {
	return {
		id,
		conversationId: 3,
		seq: id,
		revision,
		senderId: 1,
		content: `message ${id} at ${revision}`,
		video: null,
		createdAt: '2026-12-07T12:00:00.000Z',
		editedAt: null,
		deleted: false,
		...over
	};
}
const deleted = (id: number, revision: number) => message(id, revision, { content: null, deleted: true });

const view = (set: MessageSet) => set.messages.map((m) => [m.id, m.content]);

/** A conversation's changes as the server keeps them: each message at its last revision; `?since=` by revision, `limit` a page. */
function serverFeed(log: Message[], limit: number) {
	const latest = new Map<number, Message>();
	for (const change of log) latest.set(change.id, change);
	const feed = [...latest.values()].sort((a, b) => a.revision - b.revision);
	const revision = Math.max(0, ...log.map((m) => m.revision));
	return (since: number): MessagePage => {
		const after = feed.filter((m) => m.revision > since);
		return { messages: after.slice(0, limit), hasMore: after.length > limit, revision };
	};
}

describe('the first page', () => {
	it('holds everything from its first seq on when older messages precede, everything otherwise', () => {
		expect(fromPage({ messages: [message(4, 4), message(5, 6)], hasMore: true, revision: 6 })).toMatchObject({ floor: 4, revision: 6 });
		expect(fromPage({ messages: [message(1, 1)], hasMore: false, revision: 1 })).toMatchObject({ floor: 0, revision: 1 });
		expect(fromPage({ messages: [], hasMore: false, revision: 0 })).toMatchObject({ floor: 0, revision: 0, messages: [] });
	});
});

describe('changes heard live', () => {
	it('adds new messages in seq order and replaces a message with a newer copy, never an older one', () => {
		let set = fromPage({ messages: [message(1, 1)], hasMore: false, revision: 1 });
		set = applyLive(set, message(2, 2));
		set = applyLive(set, message(1, 3, { content: 'edited' }));
		expect(view(set)).toEqual([
			[1, 'edited'],
			[2, 'message 2 at 2']
		]);
		expect(applyLive(set, message(1, 1))).toBe(set);
		expect(applyLive(set, message(2, 2))).toBe(set);
		expect(set.revision).toBe(3);
	});

	it('holds a change past a missing one as a gap, and closes it when the missing one arrives', () => {
		let set = fromPage({ messages: [message(1, 1)], hasMore: false, revision: 1 });
		set = applyLive(set, message(3, 3));
		expect([set.revision, hasGap(set)]).toEqual([1, true]);
		expect(view(set).map(([id]) => id)).toEqual([1, 3]);
		set = applyLive(set, message(2, 2));
		expect([set.revision, hasGap(set)]).toEqual([3, false]);
		expect(view(set).map(([id]) => id)).toEqual([1, 2, 3]);
	});

	it('shows a deletion without text and never brings the text back', () => {
		let set = fromPage({ messages: [message(1, 1), message(2, 2)], hasMore: false, revision: 2 });
		set = applyLive(set, deleted(1, 4));
		expect(view(set)).toEqual([
			[1, null],
			[2, 'message 2 at 2']
		]);
		// Our own deletion answered 204 before any event: shown deleted at once.
		set = markDeleted(set, 2);
		expect(set.messages[1]).toMatchObject({ deleted: true, content: null, revision: 2 });
		// The edit made just before it arrives late, with a newer revision than held: it stays deleted.
		set = applyLive(set, message(2, 3, { content: 'late edit' }));
		expect(set.messages[1]).toMatchObject({ deleted: true, content: null });
		expect(set.revision).toBe(4);
		set = applyLive(set, deleted(2, 5));
		expect(set.messages[1]).toMatchObject({ deleted: true, revision: 5 });
	});

	it('tells which messages arrived new', () => {
		const before = fromPage({ messages: [message(1, 1)], hasMore: false, revision: 1 });
		const after = applyPage(before, { messages: [message(1, 2, { content: 'x' }), message(2, 3)], hasMore: false, revision: 3 });
		expect(arrivals(before, after).map((m) => m.id)).toEqual([2]);
		expect(arrivals(after, applyLive(after, message(2, 3)))).toEqual([]);
	});
});

describe('the change feed', () => {
	it('moves the revision to a page’s last entry, or to the answer’s revision on the last page, closing gaps', () => {
		let set = fromPage({ messages: [message(1, 1)], hasMore: false, revision: 1 });
		set = applyLive(set, message(9, 9));
		set = applyPage(set, { messages: [message(2, 2), message(3, 4)], hasMore: true, revision: 9 });
		expect([set.revision, hasGap(set)]).toEqual([4, true]);
		set = applyPage(set, { messages: [message(9, 9)], hasMore: false, revision: 9 });
		expect([set.revision, hasGap(set)]).toEqual([9, false]);
		// An empty last page still says everything up to its revision is held.
		expect(applyPage(set, { messages: [], hasMore: false, revision: 12 }).revision).toBe(12);
	});

	it('catches up on sends, edits and deletions once each while live events arrive between its pages', async () => {
		// Held: 1 and 2 at revision 2. Meanwhile: 3 sent, 1 edited, 2 deleted, 4 sent, 3 edited (revisions 3..7).
		const log = [message(1, 1), message(2, 2), message(3, 3), message(1, 4, { content: 'one edited' }), deleted(2, 5), message(4, 6), message(3, 7, { content: 'three edited' })];
		let set = fromPage({ messages: [message(1, 1), message(2, 2)], hasMore: false, revision: 2 });
		const asked: number[] = [];
		let firstPage = true;
		const ok = await pageFeed(
			set.revision,
			async (since) => {
				asked.push(since);
				if (!firstPage) {
					// Live while the pages load: a new message 5 (revision 8), and a repeat of one the feed also answers.
					log.push(message(5, 8));
					set = applyLive(set, message(5, 8));
					set = applyLive(set, message(4, 6));
				}
				firstPage = false;
				return serverFeed(log, 2)(since);
			},
			(page) => (set = applyPage(set, page))
		);
		expect(ok).toBe(true);
		// From each page's last revision (2's deletion at 5, then 3's edit at 7), never from what was heard live.
		expect(asked).toEqual([2, 5, 7]);
		expect(view(set)).toEqual([
			[1, 'one edited'],
			[2, null],
			[3, 'three edited'],
			[4, 'message 4 at 6'],
			[5, 'message 5 at 8']
		]);
		expect(new Set(set.messages.map((m) => m.id)).size).toBe(set.messages.length);
		expect([set.revision, hasGap(set)]).toEqual([8, false]);
	});

	it('stops at a page that failed, keeping what it applied', async () => {
		let set = fromPage({ messages: [], hasMore: false, revision: 0 });
		const feed = serverFeed([message(1, 1), message(2, 2), message(3, 3)], 2);
		const ok = await pageFeed(0, async (since) => (since === 0 ? feed(since) : undefined), (page) => (set = applyPage(set, page)));
		expect([ok, set.revision, set.messages.length]).toEqual([false, 2, 2]);
	});
});

describe('messages not loaded yet', () => {
	it('keeps changes to older messages out of view until their page loads, then shows the newer copy', () => {
		let set = fromPage({ messages: [message(3, 3), message(4, 4)], hasMore: true, revision: 4 });
		set = applyLive(set, message(1, 5, { content: 'old one edited' }));
		expect(view(set).map(([id]) => id)).toEqual([3, 4]);
		expect(set.revision).toBe(5);
		// The older page was read before the edit: its copy of 1 is stale.
		set = addOlder(set, { messages: [message(1, 1), message(2, 2)], hasMore: false });
		expect(view(set)).toEqual([
			[1, 'old one edited'],
			[2, 'message 2 at 2'],
			[3, 'message 3 at 3'],
			[4, 'message 4 at 4']
		]);
		expect([set.floor, set.below.size]).toEqual([0, 0]);
	});

	it('lowers the floor to an older page that still has more before it', () => {
		let set = fromPage({ messages: [message(5, 5)], hasMore: true, revision: 5 });
		set = applyLive(set, deleted(2, 6));
		set = addOlder(set, { messages: [message(3, 3), message(4, 4)], hasMore: true });
		expect([set.floor, [...set.below.keys()]]).toEqual([3, [2]]);
		set = addOlder(set, { messages: [message(1, 1), message(2, 2)], hasMore: false });
		expect(view(set)[1]).toEqual([2, null]);
	});
});
