import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema';
import type { MessagesTable } from '../db/schema.content';

type Executor = Kysely<DB>;

export type MessageRow = Selectable<MessagesTable>;

export interface NewMessage {
	conversationId: number;
	senderId: number;
	/** 1..5000 characters */
	content: string;
}

/**
 * Inserts a message numbered with its conversation's next sequence number, and bumps the
 * conversation's `updated_at` (the inbox order), in one statement. The UPDATE of
 * `conversations.message_seq` locks the conversation row until the caller's transaction ends, so
 * a second message waits for this one to commit before it takes the next number: a reader asking
 * for `seq > n` never skips one. Undefined when the conversation does not exist.
 */
export function insertMessage(db: Executor, message: NewMessage): Promise<MessageRow | undefined> {
	return db
		.with('next', (qb) =>
			qb
				.updateTable('conversations')
				.set((eb) => ({ message_seq: eb('message_seq', '+', 1), updated_at: eb.fn('now') }))
				.where('id', '=', message.conversationId)
				.returning(['id', 'message_seq'])
		)
		.insertInto('messages')
		.columns(['conversation_id', 'seq', 'sender_id', 'content'])
		.expression((eb) =>
			eb
				.selectFrom('next')
				.select([
					'next.id',
					'next.message_seq',
					// Typed casts: untyped parameters in an INSERT's SELECT would be read as text.
					eb.cast<number>(eb.val(message.senderId), 'integer').as('sender_id'),
					eb.cast<string>(eb.val(message.content), 'text').as('content')
				])
		)
		.returningAll()
		.executeTakeFirst();
}

/** A conversation's messages numbered after `afterSeq`, oldest first. */
export function listMessagesAfter(
	db: Executor,
	conversationId: number,
	options: { afterSeq: number; limit: number }
): Promise<MessageRow[]> {
	return db
		.selectFrom('messages')
		.selectAll()
		.where('conversation_id', '=', conversationId)
		.where('seq', '>', options.afterSeq)
		.orderBy('seq')
		.limit(options.limit)
		.execute();
}
