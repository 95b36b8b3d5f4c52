import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { MessageSource } from './message.dto';
import { selectMessages } from './messages.repository';

// The change feed of a conversation's messages. Every change (a message sent, edited, deleted)
// takes the conversation's next revision while holding the conversation's row lock, the lock that
// also orders messages.seq (see insertMessage): so revisions become visible in the order they were
// given, and a reader asking for `revision > n` never skips one. A message row records the
// revision of its last change; a deleted one keeps its row, without content, as its own tombstone.

type Executor = Kysely<DB>;

/**
 * Takes the conversation's next revision, locking its row until the transaction ends (writers of
 * one conversation lock it before any message row, so they queue in one order and cannot
 * deadlock). Undefined when the conversation does not exist.
 */
export async function takeMessageRevision(db: Executor, conversationId: number): Promise<number | undefined> {
	const row = await db
		.updateTable('conversations')
		.set((eb) => ({ message_revision: eb('message_revision', '+', 1) }))
		.where('id', '=', conversationId)
		.returning('message_revision')
		.executeTakeFirst();
	return row?.message_revision;
}

/** The conversation's revision: every change up to it is committed. 0 when it does not exist. */
export async function currentMessageRevision(db: Executor, conversationId: number): Promise<number> {
	const row = await db.selectFrom('conversations').select('message_revision').where('id', '=', conversationId).executeTakeFirst();
	return row?.message_revision ?? 0;
}

/**
 * The conversation's messages whose last change came after revision `since`, up to `upTo`, as
 * they are now (deleted ones without content), in revision order, at most `limit`. `upTo` is a
 * revision read before (currentMessageRevision): everything up to it was committed before this
 * query started, and a change committed meanwhile past it is left for the next page.
 */
export function listMessageChangesSince(
	db: Executor,
	conversationId: number,
	options: { since: number; upTo: number; limit: number }
): Promise<MessageSource[]> {
	return selectMessages(db)
		.where('messages.conversation_id', '=', conversationId)
		.where('messages.revision', '>', options.since)
		.where('messages.revision', '<=', options.upTo)
		.orderBy('messages.revision')
		.limit(options.limit)
		.execute();
}
