import { describe, expect, it } from 'bun:test';
import { InboxList, type InboxPage } from '../../src/lib/client/inbox-list';
import type { Conversation, Message } from '../../src/lib/client/message-types';

const ME = 1;
const OTHER = 2;

function msg(conversationId: number, seq: number, senderId = OTHER, extra: Partial<Message> = {}): Message {
	return {
		id: conversationId * 1000 + seq,
		conversationId,
		seq,
		revision: seq,
		senderId,
		content: `message ${seq} in ${conversationId}`,
		video: null,
		createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
		editedAt: null,
		deleted: false,
		...extra
	};
}

/** A conversation whose last message is `seq` (none for 0), read up to `read`. */
function conv(id: number, seq: number, options: { read?: number; unread?: number } = {}): Conversation {
	const read = options.read ?? seq;
	return {
		id,
		members: [{ id: OTHER, username: 'other', fullName: 'Other Person', role: 'teacher', profileImageUrl: null }],
		lastMessage: seq > 0 ? msg(id, seq) : null,
		unreadCount: options.unread ?? seq - read,
		lastReadSeq: read,
		lastReadMessageId: read > 0 ? id * 1000 + read : null,
		readers: [],
		updatedAt: new Date(Date.UTC(2026, 0, 1)).toISOString()
	};
}

const page = (conversations: Conversation[], nextCursor: string | null = null): InboxPage => ({ conversations, nextCursor });

function listOf(conversations: Conversation[], nextCursor: string | null = null): InboxList {
	const list = new InboxList(ME);
	list.applyFirstPage(list.beginFetch(), page(conversations, nextCursor));
	return list;
}

const ids = (list: InboxList) => list.conversations.map((c) => c.id);
const get = (list: InboxList, id: number) => list.conversations.find((c) => c.id === id)!;
const read = (conversationId: number, lastReadSeq: number, userId = ME) => ({ conversationId, userId, lastReadSeq, lastMessageId: conversationId * 1000 + lastReadSeq });

describe('InboxList: a new message', () => {
	it('moves its conversation to the top with the message as the preview and counts it unread', () => {
		const list = listOf([conv(10, 3), conv(20, 5), conv(30, 1)]);
		expect(list.messageNew(msg(30, 2), null)).toEqual([]);
		expect(ids(list)).toEqual([30, 10, 20]);
		expect(get(list, 30)).toMatchObject({ lastMessage: { seq: 2 }, unreadCount: 1, updatedAt: msg(30, 2).createdAt });
		list.messageNew(msg(20, 6), null);
		list.messageNew(msg(20, 7), null);
		expect(ids(list)).toEqual([20, 30, 10]);
		expect(get(list, 20).unreadCount).toBe(2);
	});

	it('does not count the caller’s own message, and sending reads everything before it', () => {
		const list = listOf([conv(10, 3), conv(20, 5, { read: 2 })]);
		list.messageNew(msg(20, 6, ME), null);
		expect(ids(list)).toEqual([20, 10]);
		expect(get(list, 20)).toMatchObject({ unreadCount: 0, lastReadSeq: 6, lastReadMessageId: 20006 });
	});

	it('does not count a message in the conversation open in view', () => {
		const list = listOf([conv(10, 3), conv(20, 5)]);
		list.messageNew(msg(20, 6), 20);
		expect(get(list, 20)).toMatchObject({ unreadCount: 0, lastMessage: { seq: 6 } });
		expect(ids(list)).toEqual([20, 10]);
	});

	it('ignores a message it already holds (an event after a fetch that had it) or an older one', () => {
		const list = listOf([conv(10, 3), conv(20, 5, { read: 4 })]);
		expect(list.messageNew(msg(20, 5), null)).toEqual([]);
		list.messageNew(msg(20, 4), null);
		expect(ids(list)).toEqual([10, 20]);
		expect(get(list, 20).unreadCount).toBe(1);
	});

	it('names a conversation not in the list to be fetched, and puts the fetched one on top', () => {
		const list = listOf([conv(10, 3), conv(20, 5)]);
		const ticket = list.beginFetch();
		expect(list.messageNew(msg(99, 1), null)).toEqual([99]);
		expect(ids(list)).toEqual([10, 20]);
		// The fetch began after the event: its answer holds the message.
		const fetched = conv(99, 1, { read: 0 });
		expect(list.applyConversation(ticket + 1, fetched)).toEqual([]);
		expect(ids(list)).toEqual([99, 10, 20]);
		expect(get(list, 99).unreadCount).toBe(1);
		// A late duplicate event changes nothing.
		list.messageNew(msg(99, 1), null);
		expect(get(list, 99).unreadCount).toBe(1);
	});

	it('asks again for a conversation when another message came while its fetch was in flight', () => {
		const list = listOf([conv(10, 3)]);
		list.messageNew(msg(99, 1), null);
		const ticket = list.beginFetch();
		list.messageNew(msg(99, 2), null);
		expect(list.applyConversation(ticket, conv(99, 1, { read: 0 }))).toEqual([99]);
		expect(ids(list)).toEqual([99, 10]);
		expect(list.applyConversation(list.beginFetch(), conv(99, 2, { read: 0 }))).toEqual([]);
		expect(get(list, 99)).toMatchObject({ unreadCount: 2, lastMessage: { seq: 2 } });
	});
});

describe('InboxList: edits and deletions', () => {
	it('changes the preview when the last message is edited or deleted, without moving it', () => {
		const list = listOf([conv(10, 3), conv(20, 5)]);
		list.messageUpdated(msg(20, 5, OTHER, { content: 'edited', editedAt: new Date().toISOString() }));
		expect(get(list, 20).lastMessage?.content).toBe('edited');
		list.messageUpdated(msg(20, 5, OTHER, { content: null, deleted: true }));
		expect(get(list, 20).lastMessage).toMatchObject({ deleted: true, content: null });
		expect(ids(list)).toEqual([10, 20]);
	});

	it('takes a deleted unread message out of the unread count, once', () => {
		const list = listOf([conv(10, 6, { read: 3 })]);
		expect(get(list, 10).unreadCount).toBe(3);
		list.messageUpdated(msg(10, 5, OTHER, { content: null, deleted: true }));
		expect(get(list, 10).unreadCount).toBe(2);
		list.messageUpdated(msg(10, 6, OTHER, { content: null, deleted: true }));
		list.messageUpdated(msg(10, 6, OTHER, { content: null, deleted: true }));
		expect(get(list, 10)).toMatchObject({ unreadCount: 1, lastMessage: { deleted: true } });
		// Already read, or the caller's own: the count does not change.
		list.messageUpdated(msg(10, 2, OTHER, { content: null, deleted: true }));
		list.messageUpdated(msg(10, 4, ME, { content: null, deleted: true }));
		expect(get(list, 10).unreadCount).toBe(1);
	});

	it('leaves older messages’ edits alone, and fetches when the edited message is newer than the last one held', () => {
		const list = listOf([conv(10, 6)]);
		const before = list.conversations;
		expect(list.messageUpdated(msg(10, 2, OTHER, { content: 'edited' }))).toEqual([]);
		expect(list.conversations).toBe(before);
		expect(list.messageUpdated(msg(10, 7, OTHER, { content: 'edited' }))).toEqual([10]);
		expect(list.messageUpdated(msg(77, 1))).toEqual([]);
	});
});

describe('InboxList: read positions', () => {
	it('clears the unread count when the caller reads up to the last message', () => {
		const list = listOf([conv(10, 6, { read: 3 }), conv(20, 2, { read: 0 })]);
		expect(list.messageRead(read(10, 6))).toEqual([]);
		expect(get(list, 10)).toMatchObject({ unreadCount: 0, lastReadSeq: 6, lastReadMessageId: 10006 });
		expect(get(list, 20).unreadCount).toBe(2);
	});

	it('asks the server for the count when the caller read only part of it, and never moves back', () => {
		const list = listOf([conv(10, 6, { read: 2 })]);
		expect(list.messageRead(read(10, 4))).toEqual([10]);
		expect(get(list, 10).lastReadSeq).toBe(4);
		expect(list.messageRead(read(10, 3))).toEqual([]);
		expect(get(list, 10).lastReadSeq).toBe(4);
	});

	it('keeps another member’s read position for "Seen" without touching the caller’s count', () => {
		const list = listOf([conv(10, 6, { read: 4 })]);
		list.messageRead(read(10, 6, OTHER));
		list.messageRead(read(10, 5, OTHER));
		expect(get(list, 10)).toMatchObject({ unreadCount: 2, readers: [{ userId: OTHER, lastReadSeq: 6 }] });
	});
});

describe('InboxList: the first page fetched again', () => {
	it('replaces the first page and keeps the older pages below when the page reaches them', () => {
		const list = listOf([conv(1, 9), conv(2, 8)], 'c2');
		list.appendPage('c2', page([conv(3, 7), conv(4, 6)], 'c4'));
		expect(ids(list)).toEqual([1, 2, 3, 4]);
		// While away: a message in 3. The page's last conversation (1) has not changed.
		const ticket = list.beginFetch();
		list.applyFirstPage(ticket, page([conv(3, 8, { read: 7 }), conv(1, 9)], 'c1'));
		expect(ids(list)).toEqual([3, 1, 2, 4]);
		expect(get(list, 3).unreadCount).toBe(1);
		expect(list.nextCursor).toBe('c4');
	});

	it('is just the fetched page when it cannot show it reaches the pages held', () => {
		const list = listOf([conv(1, 9), conv(2, 8)], 'c2');
		list.appendPage('c2', page([conv(3, 7)], 'c3'));
		// Two conversations (one never loaded) changed while away and fill the page.
		list.applyFirstPage(list.beginFetch(), page([conv(5, 2), conv(2, 9)], 'new'));
		expect(ids(list)).toEqual([5, 2]);
		expect(list.nextCursor).toBe('new');
	});

	it('is the whole list when the page is the last one', () => {
		const list = listOf([conv(1, 9), conv(2, 8)], 'c2');
		list.applyFirstPage(list.beginFetch(), page([conv(2, 8), conv(1, 9), conv(3, 1)]));
		expect(ids(list)).toEqual([2, 1, 3]);
		expect(list.nextCursor).toBeNull();
	});

	it('keeps what events said while the fetch was in flight, and names those conversations to fetch', () => {
		const list = listOf([conv(1, 9), conv(2, 8), conv(3, 4, { read: 1 })]);
		const ticket = list.beginFetch();
		list.messageNew(msg(2, 9), null);
		list.messageRead(read(3, 4));
		// The server answered as it was before those events.
		const toFetch = list.applyFirstPage(ticket, page([conv(1, 9), conv(2, 8), conv(3, 4, { read: 1 })]));
		expect(ids(list)).toEqual([2, 1, 3]);
		expect(get(list, 2)).toMatchObject({ lastMessage: { seq: 9 }, unreadCount: 1 });
		expect(get(list, 3).unreadCount).toBe(0);
		expect(toFetch.sort()).toEqual([2, 3]);
	});

	it('ignores an older fetch answering after a newer one', () => {
		const list = listOf([conv(1, 9)]);
		const older = list.beginFetch();
		list.messageNew(msg(1, 10), null);
		const newer = list.beginFetch();
		list.applyFirstPage(newer, page([conv(1, 10, { read: 9 }), conv(2, 1)]));
		expect(list.applyFirstPage(older, page([conv(1, 9)]))).toEqual([]);
		expect(ids(list)).toEqual([1, 2]);
	});
});

describe('InboxList: loading more', () => {
	it('appends the next page without the conversations already held', () => {
		const list = listOf([conv(1, 9), conv(2, 8)], 'c2');
		// 4 got a message and was fetched on its own before "Load more" answered.
		list.messageNew(msg(4, 7), null);
		list.applyConversation(list.beginFetch(), conv(4, 7, { read: 5 }));
		expect(list.appendPage('c2', page([conv(3, 5), conv(4, 6, { read: 5 })], null))).toBe(true);
		expect(ids(list)).toEqual([4, 1, 2, 3]);
		expect(get(list, 4).lastMessage?.seq).toBe(7);
		expect(list.nextCursor).toBeNull();
	});

	it('drops a page asked with a cursor the list no longer has', () => {
		const list = listOf([conv(1, 9)], 'c1');
		list.applyFirstPage(list.beginFetch(), page([conv(2, 3), conv(1, 9)]));
		expect(list.appendPage('c1', page([conv(7, 1)], null))).toBe(false);
		expect(ids(list)).toEqual([2, 1]);
	});
});
