import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { MessagesTable } from '../db/schema.messaging';
import type { MessageSource } from './message.dto';

type Executor = Kysely<DB>;

export type MessageRow = Selectable<MessagesTable>;

export interface NewMessage {
	conversationId: number;
	senderId: number;
	/** 1..5000 characters */
	content: string;
	/** A video shared in the message. */
	videoId?: number | null;
}

/**
 * Inserts a message numbered with its conversation's next sequence number and stamped with its
 * next revision (the change feed, message-feed.repository.ts), and bumps the conversation's
 * `updated_at` and `activity` (the inbox order), in one statement. The UPDATE of the conversation
 * locks its row until the caller's transaction ends, so a second message waits for this one to
 * commit before it takes the next numbers: a reader asking for `seq > n` (or `revision > n`) never
 * skips one. Undefined when the conversation does not exist.
 */
export function insertMessage(db: Executor, message: NewMessage): Promise<MessageRow | undefined> {
	return db
		.with('next', (qb) =>
			qb
				.updateTable('conversations')
				.set((eb) => ({
					message_seq: eb('message_seq', '+', 1),
					message_revision: eb('message_revision', '+', 1),
					updated_at: eb.fn('now'),
					activity: sql<number>`nextval('conversation_activity_seq')`
				}))
				.where('id', '=', message.conversationId)
				.returning(['id', 'message_seq', 'message_revision'])
		)
		.insertInto('messages')
		.columns(['conversation_id', 'seq', 'revision', 'sender_id', 'content', 'video_id'])
		.expression((eb) =>
			eb
				.selectFrom('next')
				.select([
					'next.id',
					'next.message_seq',
					'next.message_revision',
					// Typed casts: untyped parameters in an INSERT's SELECT would be read as text.
					eb.cast<number>(eb.val(message.senderId), 'integer').as('sender_id'),
					eb.cast<string>(eb.val(message.content), 'text').as('content'),
					eb.cast<number | null>(eb.val(message.videoId ?? null), 'integer').as('video_id')
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

const messageColumns = [
	'messages.id',
	'messages.conversation_id',
	'messages.seq',
	'messages.revision',
	'messages.sender_id',
	'messages.content',
	'messages.created_at',
	'messages.edited_at',
	'messages.deleted_at'
] as const;

/** Messages with the card of the video each carries, as one query. */
export function selectMessages(db: Executor) {
	return db
		.selectFrom('messages')
		.select(messageColumns)
		.select((eb) =>
			jsonObjectFrom(eb.selectFrom('videos').select(['videos.id', 'videos.title', 'videos.thumbnail_key']).whereRef('videos.id', '=', 'messages.video_id')).as(
				'video'
			)
		);
}

export function findMessage(db: Executor, messageId: number): Promise<MessageSource | undefined> {
	return selectMessages(db).where('messages.id', '=', messageId).executeTakeFirst();
}

/**
 * A page of a conversation, oldest first: with `afterSeq`, the first `limit` after it (and before
 * `beforeSeq` if given); otherwise the last `limit` before `beforeSeq` (or the newest).
 */
export async function listMessages(
	db: Executor,
	conversationId: number,
	options: { afterSeq?: number; beforeSeq?: number; limit: number }
): Promise<MessageSource[]> {
	let query = selectMessages(db).where('messages.conversation_id', '=', conversationId);
	if (options.beforeSeq !== undefined) query = query.where('messages.seq', '<', options.beforeSeq);
	if (options.afterSeq !== undefined) {
		return query.where('messages.seq', '>', options.afterSeq).orderBy('messages.seq').limit(options.limit).execute();
	}
	const newestFirst = await query.orderBy('messages.seq', 'desc').limit(options.limit).execute();
	return newestFirst.reverse();
}

/** The seq of a message of this conversation; undefined when it is not one of its messages. */
export async function seqOfMessage(db: Executor, conversationId: number, messageId: number): Promise<number | undefined> {
	const row = await db.selectFrom('messages').select('seq').where('id', '=', messageId).where('conversation_id', '=', conversationId).executeTakeFirst();
	return row?.seq;
}

/** The conversation a message belongs to (it never moves); undefined when there is no such message. */
export async function conversationOfMessage(db: Executor, messageId: number): Promise<number | undefined> {
	const row = await db.selectFrom('messages').select('conversation_id').where('id', '=', messageId).executeTakeFirst();
	return row?.conversation_id;
}

/**
 * New text for a message that is not deleted, made at the conversation's `revision` (taken by the
 * caller in the same transaction, takeMessageRevision); false when it is deleted.
 */
export async function updateMessageContent(db: Executor, messageId: number, change: { content: string; revision: number }): Promise<boolean> {
	const row = await db
		.updateTable('messages')
		.set({ content: change.content, revision: change.revision, edited_at: sql`now()` })
		.where('id', '=', messageId)
		.where('deleted_at', 'is', null)
		.returning('id')
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * Empties a message and marks it deleted at the conversation's `revision`, keeping its place (the
 * row is its own tombstone in the change feed); false when it already was.
 */
export async function softDeleteMessage(db: Executor, messageId: number, revision: number): Promise<boolean> {
	const row = await db
		.updateTable('messages')
		.set({ content: null, video_id: null, revision, deleted_at: sql`now()` })
		.where('id', '=', messageId)
		.where('deleted_at', 'is', null)
		.returning('id')
		.executeTakeFirst();
	return row !== undefined;
}
