import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { isRowId } from './access.repository';
import type { MessageFacts, MessagingConnection } from './policy';

// The facts messaging decisions rest on: how two people are connected, who is in a conversation.

type Executor = Kysely<DB>;

/**
 * How `a` and `b` are connected right now (an active teacher–student relationship, either way
 * round). With `lock`, inside a transaction, the relationship row is held FOR SHARE until it ends,
 * so a removal waits for whatever is written on the strength of it.
 */
export async function loadConnections(db: Executor, a: number, b: number, options: { lock?: boolean } = {}): Promise<MessagingConnection[]> {
	if (!isRowId(a) || !isRowId(b) || a === b) return [];
	let query = db
		.selectFrom('student_teacher_relationships')
		.select('id')
		.where('status', '=', 'active')
		.where((eb) =>
			eb.or([
				eb.and([eb('student_id', '=', a), eb('teacher_id', '=', b)]),
				eb.and([eb('student_id', '=', b), eb('teacher_id', '=', a)])
			])
		);
	if (options.lock) query = query.forShare();
	return (await query.executeTakeFirst()) ? ['teacher_student'] : [];
}

/** Whether someone may be messaged at all: an active account. */
export async function isReachableUser(db: Executor, userId: number): Promise<boolean> {
	if (!isRowId(userId)) return false;
	const row = await db.selectFrom('users').select('id').where('id', '=', userId).where('active', '=', true).executeTakeFirst();
	return row !== undefined;
}

/** The members of a conversation other than `callerId`. */
export async function otherMemberIds(db: Executor, conversationId: number, callerId: number): Promise<number[]> {
	if (!isRowId(conversationId)) return [];
	const rows = await db
		.selectFrom('conversation_members')
		.select('user_id')
		.where('conversation_id', '=', conversationId)
		.where('user_id', '<>', callerId)
		.orderBy('user_id')
		.execute();
	return rows.map((row) => row.user_id);
}

/** Whether the caller may still message every other member of the conversation (none: false). */
export async function othersReachable(db: Executor, conversationId: number, callerId: number, options: { lock?: boolean } = {}): Promise<boolean> {
	const others = await otherMemberIds(db, conversationId, callerId);
	if (others.length === 0) return false;
	for (const other of others) {
		if ((await loadConnections(db, callerId, other, options)).length === 0) return false;
	}
	return true;
}

/** A message's sender and whether the caller is in its conversation. */
export async function loadMessageFacts(
	db: Executor,
	messageId: number,
	callerId: number,
	options: { withReach?: boolean } = {}
): Promise<MessageFacts | undefined> {
	if (!isRowId(messageId)) return undefined;
	const row = await db
		.selectFrom('messages')
		.leftJoin('conversation_members as m', (join) =>
			join.onRef('m.conversation_id', '=', 'messages.conversation_id').on('m.user_id', '=', callerId)
		)
		.select(['messages.sender_id', 'messages.conversation_id', 'm.user_id as member_id'])
		.where('messages.id', '=', messageId)
		.executeTakeFirst();
	if (!row) return undefined;
	const callerIsMember = row.member_id !== null;
	const reach = callerIsMember && options.withReach ? await othersReachable(db, row.conversation_id, callerId) : undefined;
	return { senderId: row.sender_id, conversation: { callerIsMember, ...(reach === undefined ? {} : { othersReachable: reach }) } };
}
