// The pure part of the live conversation: merging what the API and the socket deliver, in any
// order and with repeats, into one list by seq that never shows a message twice, never lets an
// older copy replace a newer one (by revision) and never brings back the text of a deleted one.
// It also tracks how far the list is known to be complete, for the change feed (`?since=`).
// Unit-tested.
import type { Message } from './message-types';
import { hasGap, notePage, noteLive, readFeed, type FeedCursor } from './revision-feed';

/** The messages held, and how far the conversation's change feed is applied (FeedCursor). */
export interface MessageSet extends FeedCursor {
	/** The messages shown, by seq: every message from seq `floor` on. */
	messages: Message[];
	/** Messages below this seq are not loaded yet (older pages load on demand); 0 when all are. */
	floor: number;
	/**
	 * Changes heard to messages below `floor`: kept out of view (a gap in the log would make "show
	 * earlier" skip messages), and applied when an older page brings those messages in.
	 */
	below: ReadonlyMap<number, Message>;
}

/** A page of the list by seq, or of the change feed, as the API answers it. */
export interface MessagePage {
	messages: Message[];
	hasMore: boolean;
	revision: number;
}

/**
 * The set the page opens with: the newest messages as of `revision` or later. When older ones
 * precede (`hasMore`), the set holds every message from its first one's seq on.
 */
export function fromPage(page: MessagePage): MessageSet {
	const floor = page.hasMore ? (page.messages[0]?.seq ?? 0) : 0;
	return upsert({ messages: [], floor, below: new Map(), revision: page.revision, ahead: new Set() }, page.messages);
}

/** Whether `incoming` should replace the copy held: newer, and never undeleting (deletion is final). */
const replaces = (held: Message | undefined, incoming: Message) =>
	!held || (incoming.revision > held.revision && !(held.deleted && !incoming.deleted));

/**
 * The set with `incoming` added (in seq order) or replacing held copies of a lower revision;
 * changes to messages below `floor` are kept aside. An unchanged set is returned as it was.
 */
export function upsert(set: MessageSet, incoming: readonly Message[]): MessageSet {
	const byId = new Map(set.messages.map((m) => [m.id, m]));
	let below: Map<number, Message> | undefined;
	let changed = false;
	for (const message of incoming) {
		if (message.seq < set.floor) {
			if (!replaces((below ?? set.below).get(message.id), message)) continue;
			below ??= new Map(set.below);
			below.set(message.id, message);
			continue;
		}
		if (!replaces(byId.get(message.id), message)) continue;
		byId.set(message.id, message);
		changed = true;
	}
	if (!changed && !below) return set;
	return { ...set, below: below ?? set.below, messages: changed ? [...byId.values()].sort((a, b) => a.seq - b.seq) : set.messages };
}

/**
 * An older page (`?before=` the first seq held) brought in: `floor` moves down to it, and changes
 * heard meanwhile to those messages win over the page's copies when newer.
 */
export function addOlder(set: MessageSet, page: { messages: Message[]; hasMore: boolean }): MessageSet {
	const floor = page.hasMore ? Math.min(set.floor, page.messages[0]?.seq ?? set.floor) : 0;
	const lowered = { ...set, floor, below: new Map([...set.below].filter(([, m]) => m.seq < floor)) };
	const heard = [...set.below.values()].filter((m) => m.seq >= floor);
	return upsert(upsert(lowered, page.messages), heard);
}

/** The set with one message shown as deleted, as our own deletion was answered (its event tells the revision). */
export function markDeleted(set: MessageSet, messageId: number): MessageSet {
	const held = set.messages.find((m) => m.id === messageId);
	if (!held || held.deleted) return set;
	const deleted: Message = { ...held, content: null, video: null, deleted: true };
	return { ...set, messages: set.messages.map((m) => (m.id === messageId ? deleted : m)) };
}

/**
 * A change heard live (or answered to our own request): applied, and its revision noted (held as
 * ahead of a gap when one before it has not arrived; see revision-feed.ts).
 */
export function applyLive(set: MessageSet, message: Message): MessageSet {
	return noteLive(upsert(set, [message]), message.revision);
}

/** A page of the change feed: applied, and the revision moved past it. */
export function applyPage(set: MessageSet, page: MessagePage): MessageSet {
	return notePage(upsert(set, page.messages), { lastRevision: page.messages.at(-1)?.revision, hasMore: page.hasMore, revision: page.revision });
}

export { hasGap };

/** Messages `after` shows that `before` did not: new arrivals. */
export const arrivals = (before: MessageSet, after: MessageSet): Message[] => {
	if (before.messages === after.messages) return [];
	const known = new Set(before.messages.map((m) => m.id));
	return after.messages.filter((m) => !known.has(m.id));
};

/** Reads the conversation's change feed from `since` to its end (readFeed). False when a page failed. */
export function pageFeed(since: number, fetchPage: (since: number) => Promise<MessagePage | undefined>, onPage: (page: MessagePage) => void): Promise<boolean> {
	return readFeed({ since, fetchPage, onPage, lastRevision: (page) => page.messages.at(-1)?.revision });
}
