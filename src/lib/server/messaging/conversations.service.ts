import { assertCanOnConversation, canMessage, denialError } from '../access';
import { tryConsumePoint } from '../auth/rate-limits';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, invalid, notFound } from '../errors';
import { findUserById } from '../users/users.repository';
import { toConversation, type Conversation } from './message.dto';
import { announceRead, announceTyping } from './message-events';
import { countUnreadTotal, findConversation, findOrCreateDirect, listConversations, markRead, memberIds } from './conversations.repository';
import { seqOfMessage } from './messages.repository';
import type { ConversationListQuery, CreateConversationInput, ReadInput } from './messaging.schemas';

export interface ConversationPage {
	conversations: Conversation[];
	nextCursor: string | null;
	/** Unread messages over all of the caller's conversations. */
	unreadCount: number;
}

/** One of the caller's conversations; for anyone else it does not exist. */
export async function getConversation(ctx: AppContext, caller: SessionUser, conversationId: number): Promise<Conversation> {
	await assertCanOnConversation(ctx.db, caller, conversationId, 'view');
	const row = await findConversation(ctx.db, conversationId, caller.id);
	if (!row) throw notFound('Conversation');
	return toConversation(row);
}

/**
 * The caller's conversation with one person they may message: the existing one, or a new one
 * (`created`). Parallel requests for the same pair make one (the pair's unique key).
 */
export async function startConversation(
	ctx: AppContext,
	caller: SessionUser,
	input: CreateConversationInput
): Promise<{ conversation: Conversation; created: boolean }> {
	const [personId] = input.userIds as [number];
	if (personId === caller.id) throw invalid('userIds', 'You cannot start a conversation with yourself.');
	const decision = await canMessage(ctx.db, caller, personId);
	if (!decision.allowed) {
		if (decision.reason === 'not_found') throw new AppError(404, 'not_found', 'User not found.', { field: 'userIds' });
		throw denialError(decision, 'User');
	}
	const { id, created } = await ctx.db.transaction().execute((trx) => findOrCreateDirect(trx, caller.id, personId));
	return { conversation: await getConversation(ctx, caller, id), created };
}

/** The caller's conversations, latest activity first. */
export async function listMyConversations(ctx: AppContext, caller: SessionUser, query: ConversationListQuery): Promise<ConversationPage> {
	const rows = await listConversations(ctx.db, caller.id, { beforeActivity: query.cursor, limit: query.limit + 1 });
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		conversations: page.map(toConversation),
		nextCursor: rows.length > query.limit && last ? String(last.activity) : null,
		unreadCount: await countUnreadTotal(ctx.db, caller.id)
	};
}

export function unreadTotal(ctx: AppContext, userId: number): Promise<number> {
	return countUnreadTotal(ctx.db, userId);
}

/**
 * Moves the caller's read position to `lastMessageId` (a message of this conversation) unless it
 * is already past it, and tells the members when it moved. Answers the position now held.
 */
export async function markConversationRead(
	ctx: AppContext,
	caller: SessionUser,
	conversationId: number,
	input: ReadInput
): Promise<{ lastReadSeq: number; lastReadMessageId: number | null; unreadCount: number }> {
	await assertCanOnConversation(ctx.db, caller, conversationId, 'view');
	const seq = await seqOfMessage(ctx.db, conversationId, input.lastMessageId);
	if (seq === undefined) throw invalid('lastMessageId', 'That message is not in this conversation.');
	const moved = await markRead(ctx.db, conversationId, caller.id, { seq, messageId: input.lastMessageId });
	if (moved) {
		announceRead(ctx, await memberIds(ctx.db, conversationId), {
			conversationId,
			userId: caller.id,
			lastMessageId: input.lastMessageId,
			lastReadSeq: seq
		});
	}
	const row = await findConversation(ctx.db, conversationId, caller.id);
	if (!row) throw notFound('Conversation');
	return { lastReadSeq: row.last_read_seq, lastReadMessageId: row.last_read_message_id, unreadCount: row.unread_count };
}

/**
 * Relays "typing" to the other members, at most once per 2 s per person and conversation (a count
 * in Redis when there, so two tabs on two nodes share it), and only from someone who may post.
 */
export async function relayTyping(ctx: AppContext, userId: number, conversationId: number): Promise<{ relayed: boolean }> {
	if (!(await tryConsumePoint(ctx.rateLimits.typingByConversation, `${userId}:${conversationId}`))) return { relayed: false };
	const found = await findUserById(ctx.db, userId);
	await assertCanOnConversation(ctx.db, found?.active ? found : null, conversationId, 'post');
	const others = (await memberIds(ctx.db, conversationId)).filter((id) => id !== userId);
	announceTyping(ctx, others, { conversationId, userId });
	return { relayed: true };
}
