// The conversation list beside the open conversation, kept in place from the `message:*` events
// (no request per event) and merged with what the API answers. Pure: the page's LiveInbox owns
// the socket and the requests, and asks for the conversations these steps name.
//
// Every event that changes a conversation's last message or read position stamps it on a clock.
// A fetch (the first page on a reconnect, one conversation) remembers the clock when it began;
// where an event came since, the fetched copy may be older than the one held, so the held copy
// stays and the conversation is named to be fetched again.
import type { MessageRead } from '$lib/realtime/events';
import type { Conversation, Message } from './message-types';

/** One page of `GET /api/conversations`. */
export interface InboxPage {
	conversations: readonly Conversation[];
	nextCursor: string | null;
}

/** Conversation ids the caller should fetch with `GET /api/conversations/{id}` (none, most often). */
export type ToFetch = number[];

const lastSeq = (c: Conversation) => c.lastMessage?.seq ?? 0;

export class InboxList {
	#conversations: Conversation[] = [];
	#nextCursor: string | null = null;
	#clock = 0;
	/** When an event last changed each conversation (its last message, unread count or read position). */
	readonly #touched = new Map<number, number>();
	/** When an event last brought each conversation a new message (to the top). */
	readonly #bumped = new Map<number, number>();
	/** The clock of the newest first page applied: an older one answering later is ignored. */
	#firstPageAt = -1;

	constructor(readonly me: number) {}

	get conversations(): readonly Conversation[] {
		return this.#conversations;
	}

	/** The cursor of the next older page, or null when every conversation is loaded. */
	get nextCursor(): string | null {
		return this.#nextCursor;
	}

	/** Before a request: the ticket its answer is applied with. */
	beginFetch(): number {
		return this.#clock;
	}

	#touch(id: number, bump = false): void {
		this.#clock++;
		this.#touched.set(id, this.#clock);
		if (bump) this.#bumped.set(id, this.#clock);
	}

	#changedSince = (id: number, ticket: number) => (this.#touched.get(id) ?? -1) > ticket;

	#replace(next: Conversation): void {
		this.#conversations = this.#conversations.map((c) => (c.id === next.id ? next : c));
	}

	/**
	 * A new message: its conversation goes to the top with it as the preview. It counts as unread
	 * unless it is the caller's own (sending reads everything before it) or its conversation is
	 * open in view (the open page marks it read). A conversation not in the list is to be fetched.
	 */
	messageNew(message: Message, openId: number | null): ToFetch {
		const held = this.#conversations.find((c) => c.id === message.conversationId);
		if (held && message.seq <= lastSeq(held)) return []; // already held (a fetch brought it) or older
		this.#touch(message.conversationId, true);
		if (!held) return [message.conversationId];
		const mine = message.senderId === this.me;
		const unread = !mine && !message.deleted && message.conversationId !== openId && message.seq > held.lastReadSeq;
		const next: Conversation = mine
			? { ...held, lastMessage: message, updatedAt: message.createdAt, unreadCount: 0, lastReadSeq: message.seq, lastReadMessageId: message.id }
			: { ...held, lastMessage: message, updatedAt: message.createdAt, unreadCount: held.unreadCount + (unread ? 1 : 0) };
		this.#conversations = [next, ...this.#conversations.filter((c) => c.id !== held.id)];
		return [];
	}

	/**
	 * An edit or deletion: the preview changes when it is the last message; deleting an unread
	 * message from someone else takes it out of the unread count (as the server counts). A
	 * message newer than the last one held means a `message:new` was missed: fetch.
	 */
	messageUpdated(message: Message): ToFetch {
		const held = this.#conversations.find((c) => c.id === message.conversationId);
		if (!held) return [];
		if (message.seq > lastSeq(held)) {
			this.#touch(held.id);
			return [held.id];
		}
		const isLast = held.lastMessage?.id === message.id;
		const wasUnread = message.deleted && message.senderId !== this.me && message.seq > held.lastReadSeq && !(isLast && held.lastMessage?.deleted);
		if (!isLast && !wasUnread) return [];
		this.#touch(held.id);
		this.#replace({
			...held,
			lastMessage: isLast ? message : held.lastMessage,
			unreadCount: wasUnread ? Math.max(0, held.unreadCount - 1) : held.unreadCount
		});
		return [];
	}

	/**
	 * A read position moved. The caller's own, up to the last message: nothing is unread; short of
	 * it, the count is the server's to say (fetch). Another member's updates their "Seen".
	 */
	messageRead(read: MessageRead): ToFetch {
		const held = this.#conversations.find((c) => c.id === read.conversationId);
		if (!held) return [];
		if (read.userId !== this.me) {
			const before = held.readers.find((r) => r.userId === read.userId);
			if (before && before.lastReadSeq >= read.lastReadSeq) return [];
			const reader = { userId: read.userId, lastReadSeq: read.lastReadSeq, lastReadMessageId: read.lastMessageId };
			this.#replace({ ...held, readers: [...held.readers.filter((r) => r.userId !== read.userId), reader] });
			return [];
		}
		if (read.lastReadSeq <= held.lastReadSeq) return [];
		this.#touch(held.id);
		const caughtUp = read.lastReadSeq >= lastSeq(held);
		this.#replace({
			...held,
			lastReadSeq: read.lastReadSeq,
			lastReadMessageId: read.lastMessageId,
			unreadCount: caughtUp ? 0 : held.unreadCount
		});
		return caughtUp ? [] : [held.id];
	}

	/**
	 * One conversation as `GET /api/conversations/{id}` answered: replaces the held copy in place,
	 * or, new to the list and fetched because a message arrived there, goes to the top.
	 */
	applyConversation(ticket: number, fetched: Conversation): ToFetch {
		const held = this.#conversations.some((c) => c.id === fetched.id);
		if (held && this.#changedSince(fetched.id, ticket)) return [fetched.id];
		if (held) this.#replace(fetched);
		else if (this.#bumped.has(fetched.id)) this.#conversations = [fetched, ...this.#conversations];
		else return [];
		return this.#changedSince(fetched.id, ticket) ? [fetched.id] : [];
	}

	/**
	 * The first page as the API answers it now (a reconnect: events may have been missed; or the
	 * page's load ran again). Conversations given a message by an event since the fetch began stay
	 * on top, and any an event changed meanwhile keep their held copy and are named to be fetched.
	 * The older pages already loaded stay below when the page provably reaches them: its last
	 * conversation is held with the same last message, so nothing outside it moved above it. If
	 * not (many conversations changed while away), the list is just this page again.
	 */
	applyFirstPage(ticket: number, page: InboxPage): ToFetch {
		if (ticket < this.#firstPageAt) return [];
		this.#firstPageAt = ticket;
		const heldById = new Map(this.#conversations.map((c) => [c.id, c]));
		const fetchedById = new Map(page.conversations.map((c) => [c.id, c]));
		const changed = (id: number) => heldById.has(id) && this.#changedSince(id, ticket);
		const top = [...this.#bumped]
			.filter(([, at]) => at > ticket)
			.sort((a, b) => b[1] - a[1])
			.flatMap(([id]) => heldById.get(id) ?? fetchedById.get(id) ?? []);
		const taken = new Set(top.map((c) => c.id));
		const middle = page.conversations.filter((c) => !taken.has(c.id)).map((c) => (changed(c.id) ? heldById.get(c.id)! : c));
		for (const c of middle) taken.add(c.id);

		const edge = page.conversations.at(-1);
		const heldEdge = edge && heldById.get(edge.id);
		const reaches = page.nextCursor !== null && heldEdge !== undefined && !changed(edge!.id) && lastSeq(heldEdge) === lastSeq(edge!);
		const below = reaches ? this.#conversations.filter((c) => !taken.has(c.id)) : [];

		this.#conversations = [...top, ...middle, ...below];
		this.#nextCursor = reaches ? this.#nextCursor : page.nextCursor;
		return this.#conversations.filter((c) => changed(c.id)).map((c) => c.id);
	}

	/**
	 * The next older page ("Load more"), asked with `cursor`. Conversations already held keep
	 * their place (they moved up since). Ignored when the list's cursor changed meanwhile.
	 */
	appendPage(cursor: string, page: InboxPage): boolean {
		if (cursor !== this.#nextCursor) return false;
		const held = new Set(this.#conversations.map((c) => c.id));
		this.#conversations = [...this.#conversations, ...page.conversations.filter((c) => !held.has(c.id))];
		this.#nextCursor = page.nextCursor;
		return true;
	}
}
