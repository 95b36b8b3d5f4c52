import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema';
import type { ConversationSource, MessageSource } from './message.dto';
import { selectMessages } from './messages.repository';

type Executor = Kysely<DB>;

const personColumns = ['users.id', 'users.username', 'users.full_name', 'users.role', 'users.profile_image_url'] as const;

/** The key that makes a pair's one-to-one conversation unique, whichever of them starts it. */
export const directKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * The pair's one-to-one conversation, made with both as members if it did not exist. The insert
 * is `ON CONFLICT (direct_key) DO NOTHING`: a parallel request for the same pair waits for the
 * first one's row, then finds it (with its members, written in the same transaction).
 */
export async function findOrCreateDirect(trx: Executor, a: number, b: number): Promise<{ id: number; created: boolean }> {
	const key = directKey(a, b);
	const made = await trx
		.insertInto('conversations')
		.values({ direct_key: key, is_group: false })
		.onConflict((oc) => oc.column('direct_key').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (made) {
		await trx
			.insertInto('conversation_members')
			.values([
				{ conversation_id: made.id, user_id: a },
				{ conversation_id: made.id, user_id: b }
			])
			.execute();
		return { id: made.id, created: true };
	}
	const found = await trx.selectFrom('conversations').select('id').where('direct_key', '=', key).executeTakeFirstOrThrow();
	return { id: found.id, created: false };
}

/** Every conversation of `userId`, with what its list entry shows, as one query. */
function conversationsOf(db: Executor, userId: number) {
	return db
		.selectFrom('conversation_members as me')
		.innerJoin('conversations as c', 'c.id', 'me.conversation_id')
		.where('me.user_id', '=', userId)
		.select((eb) => [
			'c.id',
			'c.updated_at',
			'c.activity',
			'me.last_read_seq',
			'me.last_read_message_id',
			eb
				.selectFrom('messages as u')
				.select(sql<number>`count(*)::int`.as('n'))
				.whereRef('u.conversation_id', '=', 'c.id')
				.whereRef('u.seq', '>', 'me.last_read_seq')
				.where('u.sender_id', '<>', userId)
				.where('u.deleted_at', 'is', null)
				.$asScalar()
				.$notNull()
				.as('unread_count'),
			jsonArrayFrom(
				eb
					.selectFrom('conversation_members as o')
					.innerJoin('users', 'users.id', 'o.user_id')
					.select(personColumns)
					.whereRef('o.conversation_id', '=', 'c.id')
					.where('o.user_id', '<>', userId)
					.orderBy('users.id')
			).as('members'),
			jsonArrayFrom(
				eb
					.selectFrom('conversation_members as r')
					.select(['r.user_id', 'r.last_read_seq', 'r.last_read_message_id'])
					.whereRef('r.conversation_id', '=', 'c.id')
					.where('r.user_id', '<>', userId)
					.orderBy('r.user_id')
			).as('readers'),
			jsonObjectFrom(
				// Correlated with the outer `c`, which the shared message select does not know by type.
				selectMessages(db).where(sql<boolean>`messages.conversation_id = c.id`).orderBy('messages.seq', 'desc').limit(1)
			).as('last_message')
		]);
}

type ConversationRow = ConversationSource & { activity: number };

const asSource = (row: Omit<ConversationRow, 'last_message'> & { last_message: unknown }): ConversationRow => ({
	...row,
	last_message: row.last_message as MessageSource | null
});

/** The user's conversations, latest activity first, after the cursor (an `activity` value). */
export async function listConversations(
	db: Executor,
	userId: number,
	options: { beforeActivity?: number; limit: number }
): Promise<ConversationRow[]> {
	let query = conversationsOf(db, userId);
	if (options.beforeActivity !== undefined) query = query.where('c.activity', '<', options.beforeActivity);
	const rows = await query.orderBy('c.activity', 'desc').limit(options.limit).execute();
	return rows.map(asSource);
}

export async function findConversation(db: Executor, conversationId: number, userId: number): Promise<ConversationRow | undefined> {
	const row = await conversationsOf(db, userId).where('c.id', '=', conversationId).executeTakeFirst();
	return row && asSource(row);
}

/** Every member of a conversation. */
export async function memberIds(db: Executor, conversationId: number): Promise<number[]> {
	const rows = await db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).orderBy('user_id').execute();
	return rows.map((row) => row.user_id);
}

/**
 * Moves the member's read position forward to `seq` (never back: a stale request changes
 * nothing). True when it moved.
 */
export async function markRead(db: Executor, conversationId: number, userId: number, read: { seq: number; messageId: number }): Promise<boolean> {
	const row = await db
		.updateTable('conversation_members')
		.set({ last_read_seq: read.seq, last_read_message_id: read.messageId })
		.where('conversation_id', '=', conversationId)
		.where('user_id', '=', userId)
		.where('last_read_seq', '<', read.seq)
		.returning('last_read_seq')
		.executeTakeFirst();
	return row !== undefined;
}

/** Unread messages over all of the user's conversations, for the navigation. */
export async function countUnreadTotal(db: Executor, userId: number): Promise<number> {
	const row = await db
		.selectFrom('conversation_members as me')
		.innerJoin('messages as u', 'u.conversation_id', 'me.conversation_id')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('me.user_id', '=', userId)
		.whereRef('u.seq', '>', 'me.last_read_seq')
		.where('u.sender_id', '<>', userId)
		.where('u.deleted_at', 'is', null)
		.executeTakeFirstOrThrow();
	return row.n;
}
