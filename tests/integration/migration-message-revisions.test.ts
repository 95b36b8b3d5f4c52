import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/database';
import { listMessageChangesSince, takeMessageRevision } from '../../src/lib/server/messaging/message-feed.repository';
import { insertMessage, softDeleteMessage } from '../../src/lib/server/messaging/messages.repository';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Migration 2026_12_07_000015_message_revisions on a database that already holds messages: each
// takes its seq as its revision, each conversation its message_seq, and new changes continue from
// there.

let scratch: ScratchDatabase;
let db: Database;
const ids = { user: 0, a: 0, b: 0, empty: 0, deleted: 0 };
beforeAll(async () => {
	scratch = await openScratchDatabase();
	db = scratch.db;
	await scratch.migrate('2026_12_07_000014_review_presence_drops');
	// Rows as the app wrote them before the migration (raw SQL: the app's types describe the schema after it).
	const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
	ids.user = (
		await one<{ id: number }>(sql`insert into users (email, username, password, full_name, role)
			values ('m@example.com', 'm', 'x', 'M', 'teacher') returning id`)
	).id;
	const conversation = async () => (await one<{ id: number }>(sql`insert into conversations default values returning id`)).id;
	[ids.a, ids.b, ids.empty] = [await conversation(), await conversation(), await conversation()];
	// Numbered as the app numbered them: the conversation's counter taken with each message.
	const add = (conversationId: number, content: string) =>
		one<{ id: number }>(sql`
			with next as (update conversations set message_seq = message_seq + 1 where id = ${conversationId} returning message_seq)
			insert into messages (conversation_id, sender_id, content, seq)
			select ${conversationId}, ${ids.user}, ${content}, message_seq from next returning id`);
	await add(ids.a, 'a1');
	await add(ids.b, 'b1');
	ids.deleted = (await add(ids.a, 'a2')).id;
	await add(ids.a, 'a3');
	// A deleted message keeps its row, without content.
	await sql`update messages set content = null, deleted_at = now() where id = ${ids.deleted}`.execute(db);
	// A counter ahead of its messages (a rolled-back send can leave one): the revision starts there.
	await sql`update conversations set message_seq = 5 where id = ${ids.b}`.execute(db);
	await scratch.migrate();
});
afterAll(() => scratch.close());

describe('migration 2026_12_07_000015_message_revisions', () => {
	it('gives every existing message its seq as its revision, and every conversation its counter', async () => {
		const messages = await db.selectFrom('messages').select(['content', 'seq', 'revision']).orderBy('id').execute();
		expect(messages.map((m) => [m.content, m.seq, m.revision])).toEqual([
			['a1', 1, 1],
			['b1', 1, 1],
			[null, 2, 2],
			['a3', 3, 3]
		]);
		const conversations = await db.selectFrom('conversations').select(['message_seq', 'message_revision']).orderBy('id').execute();
		expect(conversations.map((c) => [c.message_seq, c.message_revision])).toEqual([
			[3, 3],
			[5, 5],
			[0, 0]
		]);
	});

	it('continues the revisions after the counter, and the feed lists old and new in order', async () => {
		const a4 = (await insertMessage(db, { conversationId: ids.a, senderId: ids.user, content: 'a4' }))!;
		expect([a4.seq, a4.revision]).toEqual([4, 4]);
		const b2 = (await insertMessage(db, { conversationId: ids.b, senderId: ids.user, content: 'b2' }))!;
		expect([b2.seq, b2.revision]).toEqual([6, 6]);
		const first = (await insertMessage(db, { conversationId: ids.empty, senderId: ids.user, content: 'e1' }))!;
		expect([first.seq, first.revision]).toEqual([1, 1]);
		const feed = await listMessageChangesSince(db, ids.a, { since: 0, upTo: 4, limit: 10 });
		expect(feed.map((m) => [m.content, m.revision, m.deleted_at !== null])).toEqual([
			['a1', 1, false],
			[null, 2, true],
			['a3', 3, false],
			['a4', 4, false]
		]);
	});

	it('moves a changed message to the conversation’s next revision', async () => {
		const a1 = await db.selectFrom('messages').select('id').where('content', '=', 'a1').executeTakeFirstOrThrow();
		await db.transaction().execute(async (trx) => {
			const revision = (await takeMessageRevision(trx, ids.a))!;
			expect(revision).toBe(5);
			expect(await softDeleteMessage(trx, a1.id, revision)).toBe(true);
		});
		const feed = await listMessageChangesSince(db, ids.a, { since: 4, upTo: 5, limit: 10 });
		expect(feed.map((m) => [m.id, m.revision, m.content])).toEqual([[a1.id, 5, null]]);
	});

	it('refuses a second message at the same revision of one conversation, and a revision below 1', async () => {
		const duplicate = sql`insert into messages (conversation_id, sender_id, content, seq, revision)
			values (${ids.b}, ${ids.user}, 'dup', 99, 1)`.execute(db);
		await expect(duplicate).rejects.toMatchObject({ code: '23505' });
		const zero = sql`insert into messages (conversation_id, sender_id, content, seq, revision)
			values (${ids.b}, ${ids.user}, 'zero', 98, 0)`.execute(db);
		await expect(zero).rejects.toMatchObject({ code: '23514' });
		const missing = sql`insert into messages (conversation_id, sender_id, content, seq)
			values (${ids.b}, ${ids.user}, 'none', 97)`.execute(db);
		await expect(missing).rejects.toMatchObject({ code: '23502' });
	});
});
