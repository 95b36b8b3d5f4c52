import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import { insertComment, listCommentsAfter } from '../../src/lib/server/comments/comments.repository';
import type { Database } from '../../src/lib/server/db/database';
import { insertMessage, listMessagesAfter } from '../../src/lib/server/messaging/messages.repository';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Comments and messages are numbered per video / per conversation under the parent row's lock, so
// the numbers become visible in commit order and a client resyncing with `after=<seq>` cannot
// miss a row. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set (where two transactions
// really run at once; PGlite has one connection, and Kysely runs its transactions one at a time).

let scratch: ScratchDatabase;
let db: Database;
let userId: number;
beforeAll(async () => {
	scratch = await openScratchDatabase();
	await scratch.migrate();
	db = scratch.db;
	const user = await db
		.insertInto('users')
		.values({ email: 'feeds@example.com', username: 'feeds', password: 'x', full_name: 'Feeds', role: 'teacher' })
		.returning('id')
		.executeTakeFirstOrThrow();
	userId = user.id;
});
afterAll(() => scratch.close());

interface Feed {
	name: string;
	/** Creates a parent (video / conversation) and returns its id. */
	parent(): Promise<number>;
	insert(db: Database, parentId: number, text: string): Promise<{ seq: number; id: number } | undefined>;
	list(db: Database, parentId: number, afterSeq: number): Promise<{ seq: number; id: number }[]>;
}

const feeds: Feed[] = [
	{
		name: 'comments',
		parent: async () =>
			(await db.insertInto('videos').values({ user_id: userId, title: 'Etude', url: 'v' }).returning('id').executeTakeFirstOrThrow()).id,
		insert: (db, videoId, content) => insertComment(db, { videoId, userId, content, timestamp: 1.5 }),
		list: (db, videoId, afterSeq) => listCommentsAfter(db, videoId, { afterSeq, limit: 1000 })
	},
	{
		name: 'messages',
		parent: async () => {
			const { id } = await db.insertInto('conversations').defaultValues().returning('id').executeTakeFirstOrThrow();
			await db.insertInto('conversation_members').values({ conversation_id: id, user_id: userId }).execute();
			return id;
		},
		insert: (db, conversationId, content) => insertMessage(db, { conversationId, senderId: userId, content }),
		list: (db, conversationId, afterSeq) => listMessagesAfter(db, conversationId, { afterSeq, limit: 1000 })
	}
];

/** Resolves once some backend waits on a lock in this database (PostgreSQL), polling with a generous bound. */
async function someoneWaitsOnALock(): Promise<void> {
	for (let i = 0; i < 500; i++) {
		const { rows } = await sql<{ waiting: number }>`
			select count(*)::int as waiting from pg_stat_activity
			where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
		if (rows[0]!.waiting > 0) return;
		await Bun.sleep(20);
	}
	throw new Error('no transaction ever waited on a lock');
}

/** A promise and the function that resolves it. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

for (const feed of feeds) {
	describe(`${feed.name} sequence`, () => {
		it('numbers the first row 1 and each next one 1 more, per parent', async () => {
			const [a, b] = [await feed.parent(), await feed.parent()];
			const seqs = [];
			for (const [parent, text] of [[a, 'a1'], [a, 'a2'], [b, 'b1'], [a, 'a3']] as const) {
				seqs.push((await feed.insert(db, parent, text))!.seq);
			}
			expect(seqs).toEqual([1, 2, 1, 3]);
			expect((await feed.list(db, a, 1)).map((r) => r.seq)).toEqual([2, 3]);
		});

		it('inserts nothing for a parent that does not exist', async () => {
			expect(await feed.insert(db, 2_000_000_000, 'nowhere')).toBeUndefined();
		});

		it('makes a second writer wait until the first commits, then gives it the next number', async () => {
			const parent = await feed.parent();
			const events: string[] = [];
			const firstInserted = gate();
			const firstMayCommit = gate();
			const first = db.transaction().execute(async (trx) => {
				const row = (await feed.insert(trx, parent, 'first'))!;
				events.push(`first took ${row.seq}`);
				firstInserted.open();
				await firstMayCommit.opened;
				events.push('first commits');
				return row;
			});
			await firstInserted.opened;
			const second = db.transaction().execute(async (trx) => {
				events.push('second began');
				const row = (await feed.insert(trx, parent, 'second'))!;
				events.push(`second took ${row.seq}`);
				return row;
			});
			if (scratch.backend === 'postgres') {
				// The second transaction is running and its insert is blocked on the parent's row lock.
				await someoneWaitsOnALock();
				expect(events).toEqual(['first took 1', 'second began']);
			} else {
				// One connection: the second transaction cannot begin while the first holds it. (One
				// turn of the event loop lets everything not blocked run.)
				await new Promise((resolve) => setImmediate(resolve));
				expect(events).toEqual(['first took 1']);
			}
			firstMayCommit.open();
			const [one, two] = await Promise.all([first, second]);
			expect([one.seq, two.seq]).toEqual([1, 2]);
			expect(events.filter((e) => e !== 'second began')).toEqual(['first took 1', 'first commits', 'second took 2']);
			expect((await feed.list(db, parent, 0)).map((r) => [r.seq, r.id])).toEqual([
				[1, one.id],
				[2, two.id]
			]);
		});

		it('keeps uncommitted and rolled-back rows out of a reader’s view without leaving a gap', async () => {
			const parent = await feed.parent();
			await expect(
				db.transaction().execute(async (trx) => {
					await feed.insert(trx, parent, 'rolled back');
					throw new Error('roll back');
				})
			).rejects.toThrow('roll back');
			// The counter rolled back with the row: the next committed row is 1, not 2.
			expect((await feed.insert(db, parent, 'kept'))!.seq).toBe(1);
			expect((await feed.list(db, parent, 0)).map((r) => r.seq)).toEqual([1]);
		});

		it('lets a reader that asks for rows after the last number it saw never skip one, under concurrent writers', async () => {
			const parent = await feed.parent();
			const WRITERS = 40;
			let done = false;
			const writers = Promise.all(
				Array.from({ length: WRITERS }, (_, i) =>
					db.transaction().execute(async (trx) => {
						await feed.insert(trx, parent, `w${i}`);
						// Work after the insert, inside the transaction, of varying length.
						for (let j = 0; j < i % 4; j++) await sql`select 1`.execute(trx);
					})
				)
			).finally(() => (done = true));
			const seen: number[] = [];
			let last = 0;
			// Poll until every writer is done and one more read finds nothing new.
			for (let caughtUp = false; !caughtUp; ) {
				const finished = done;
				const rows = await feed.list(db, parent, last);
				for (const row of rows) {
					// Contiguous: a reader never sees n + 1 before n is visible.
					expect(row.seq).toBe(last + 1);
					last = row.seq;
					seen.push(row.seq);
				}
				caughtUp = finished && rows.length === 0;
			}
			await writers;
			expect(seen).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
		});
	});
}

describe.skipIf(!process.env.DATABASE_URL)('sequence locks on PostgreSQL', () => {
	it('does not make writers on another video wait', async () => {
		const [busy, other] = [await feeds[0]!.parent(), await feeds[0]!.parent()];
		const held = gate();
		const inserted = gate();
		const holder = db.transaction().execute(async (trx) => {
			await insertComment(trx, { videoId: busy, userId, content: 'holding', timestamp: 0 });
			inserted.open();
			await held.opened;
		});
		await inserted.opened;
		// Autocommit insert on another video completes while the first video's row is locked.
		expect((await insertComment(db, { videoId: other, userId, content: 'free', timestamp: 0 }))!.seq).toBe(1);
		held.open();
		await holder;
	});
});
