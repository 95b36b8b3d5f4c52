import { assertCanOnConversation } from '../access';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { toMessage, type Message } from './message.dto';
import { currentMessageRevision, listMessageChangesSince } from './message-feed.repository';
import { listMessages } from './messages.repository';
import type { MessageListQuery } from './messaging.schemas';

// Reading a conversation's messages: pages by seq (`?after=`, `?before=`, the newest) and the
// change feed (`?since=` a revision), both behind the conversation's access check.

export interface MessagePage {
	/** Oldest first. */
	messages: Message[];
	/** With `after`: newer messages follow; otherwise: older ones precede. */
	hasMore: boolean;
	/**
	 * The conversation's revision, read before the messages: every message here is at least as
	 * new as it, so `?since=` it catches up on whatever changed after.
	 */
	revision: number;
}

/** `?since=`: the messages changed after a revision, in revision order. */
export interface MessageChangePage {
	/** As they are now (deleted ones without content, `deleted: true`), by revision. */
	messages: Message[];
	/** More changes follow: ask again with `?since=` the revision of the last message here. */
	hasMore: boolean;
	/** The revision this answer goes up to: with `hasMore` false, the client holds every change to it. */
	revision: number;
}

/** The conversation's messages by seq, a page either way (see messageListSchema). */
export async function listConversationMessages(
	ctx: AppContext,
	caller: SessionUser,
	conversationId: number,
	query: Omit<MessageListQuery, 'since'>
): Promise<MessagePage> {
	await assertCanOnConversation(ctx.db, caller, conversationId, 'view');
	const revision = await currentMessageRevision(ctx.db, conversationId);
	const rows = await listMessages(ctx.db, conversationId, { afterSeq: query.after, beforeSeq: query.before, limit: query.limit + 1 });
	const hasMore = rows.length > query.limit;
	// Forwards the extra row is the newest; backwards (oldest first after the reversal) the oldest.
	const page = query.after !== undefined ? rows.slice(0, query.limit) : rows.slice(rows.length - Math.min(rows.length, query.limit));
	return { messages: page.map(toMessage), hasMore, revision };
}

/**
 * The change feed: every message whose last change (sent, edited, deleted) came after revision
 * `since`, as it is now, in revision order. The revision is read first and bounds the page, so a
 * change committed while it is read waits for the next ask instead of being skipped.
 */
export async function listMessageChanges(
	ctx: AppContext,
	caller: SessionUser,
	conversationId: number,
	query: { since: number; limit: number }
): Promise<MessageChangePage> {
	await assertCanOnConversation(ctx.db, caller, conversationId, 'view');
	const revision = await currentMessageRevision(ctx.db, conversationId);
	const rows = await listMessageChangesSince(ctx.db, conversationId, { since: query.since, upTo: revision, limit: query.limit + 1 });
	return { messages: rows.slice(0, query.limit).map(toMessage), hasMore: rows.length > query.limit, revision };
}
