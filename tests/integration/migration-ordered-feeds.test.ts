import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index';
import { insertComment } from '../../src/lib/server/comments/comments.repository';
import type { Database } from '../../src/lib/server/db/database';
import type { DB } from '../../src/lib/server/db/schema';
import { searchTeachers } from '../../src/lib/server/users/users.repository';
import { insertMessage } from '../../src/lib/server/messaging/messages.repository';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Migration 2026_12_01_000004 on a database that already holds rows: existing comments and
// messages are numbered, the seed's nullable booleans become NOT NULL, timestamps keep fractions.

let scratch: ScratchDatabase;
let db: Database;
const ids = { user: 0, videoA: 0, videoB: 0, conversation: 0, hiddenVideo: 0 };
beforeAll(async () => {
	scratch = await openScratchDatabase();
	db = scratch.db;
	await scratch.migrate('2026_11_21_000003_create_classes_and_social');
	// Rows as the app could have written them before the migration (raw SQL: the app's types
	// describe the schema after it).
	const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
	ids.user = (
		await one<{ id: number }>(sql`insert into users (email, username, password, full_name, role)
			values ('m@example.com', 'm', 'x', 'M', 'teacher') returning id`)
	).id;
	ids.videoA = (await one<{ id: number }>(sql`insert into videos (user_id, title, url) values (${ids.user}, 'A', 'a') returning id`)).id;
	ids.videoB = (await one<{ id: number }>(sql`insert into videos (user_id, title, url) values (${ids.user}, 'B', 'b') returning id`)).id;
	ids.hiddenVideo = (
		await one<{ id: number }>(sql`insert into videos (user_id, title, url, is_public) values (${ids.user}, 'H', 'h', null) returning id`)
	).id;
	// Interleaved across the two videos, so numbering must be per video.
	for (const [video, content] of [[ids.videoA, 'a1'], [ids.videoB, 'b1'], [ids.videoA, 'a2'], [ids.videoA, 'a3'], [ids.videoB, 'b2']] as const) {
		await sql`insert into comments (video_id, user_id, content, timestamp) values (${video}, ${ids.user}, ${content}, 3)`.execute(db);
	}
	ids.conversation = (await one<{ id: number }>(sql`insert into conversations default values returning id`)).id;
	for (const content of ['m1', 'm2']) {
		await sql`insert into messages (conversation_id, sender_id, content) values (${ids.conversation}, ${ids.user}, ${content})`.execute(db);
	}
	await sql`insert into notifications (user_id, type, title, content, is_read) values (${ids.user}, 't', 't', 'c', null)`.execute(db);
	await scratch.migrate();
});
afterAll(() => scratch.close());

describe('migration 2026_12_01_000004_ordered_feeds', () => {
	it('numbers existing comments per video in id order and continues from there', async () => {
		const rows = await db.selectFrom('comments').select(['video_id', 'content', 'seq']).orderBy('id').execute();
		expect(rows.map((r) => [r.content, r.seq])).toEqual([
			['a1', 1],
			['b1', 1],
			['a2', 2],
			['a3', 3],
			['b2', 2]
		]);
		expect((await insertComment(db, { videoId: ids.videoA, userId: ids.user, content: 'a4', timestamp: 0 }))!.seq).toBe(4);
		expect((await insertComment(db, { videoId: ids.videoB, userId: ids.user, content: 'b3', timestamp: 0 }))!.seq).toBe(3);
	});

	it('numbers existing messages per conversation and continues from there', async () => {
		const rows = await db.selectFrom('messages').select(['content', 'seq']).orderBy('id').execute();
		expect(rows.map((r) => [r.content, r.seq])).toEqual([
			['m1', 1],
			['m2', 2]
		]);
		expect((await insertMessage(db, { conversationId: ids.conversation, senderId: ids.user, content: 'm3' }))!.seq).toBe(3);
	});

	it('refuses a second row with the same number on one parent', async () => {
		// A revision of its own (NOT NULL since migration 000013), so only the seq collides.
		const duplicate = sql`insert into comments (video_id, user_id, content, timestamp, seq, revision)
			values (${ids.videoA}, ${ids.user}, 'dup', 0, 1, 1000)`.execute(db);
		await expect(duplicate).rejects.toMatchObject({ code: '23505' });
	});

	it('keeps fractions of a second in comment timestamps', async () => {
		const row = await insertComment(db, { videoId: ids.videoB, userId: ids.user, content: 'at 12.345 s', timestamp: 12.345 });
		expect(row!.timestamp).toBe(12.345);
		const read = await db.selectFrom('comments').select('timestamp').where('id', '=', row!.id).executeTakeFirstOrThrow();
		expect(read.timestamp).toBe(12.345);
	});

	it('turns the seed’s null booleans into their default and refuses new nulls', async () => {
		const hidden = await db.selectFrom('videos').select('is_public').where('id', '=', ids.hiddenVideo).executeTakeFirstOrThrow();
		expect(hidden.is_public).toBe(false);
		const note = await db.selectFrom('notifications').select('is_read').executeTakeFirstOrThrow();
		expect(note.is_read).toBe(false);
		const fresh = await db
			.insertInto('videos')
			.values({ user_id: ids.user, title: 'New', url: 'n' })
			.returning('is_public')
			.executeTakeFirstOrThrow();
		expect(fresh.is_public).toBe(false);
		await expect(sql`update videos set is_public = null`.execute(db)).rejects.toMatchObject({ code: '23502' });
		await expect(sql`update notifications set is_read = null`.execute(db)).rejects.toMatchObject({ code: '23502' });
	});

	it('drops the index that duplicated the unique e-mail index, keeping the unique ones', async () => {
		const { rows } = await sql<{ indexname: string }>`
			select indexname from pg_indexes where tablename = 'users' order by indexname`.execute(db);
		const names = rows.map((r) => r.indexname);
		expect(names).not.toContain('idx_users_email');
		expect(names).toContain('users_email_key');
		expect(names).toContain('users_email_lower_key');
	});

	it('runs where pg_trgm is not installed, leaving the name search to scan', async () => {
		const bare = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: new PGlite() }) });
		try {
			const migrator = new Migrator({ db: bare, provider: { getMigrations: async () => migrations } });
			const { error } = await migrator.migrateToLatest();
			expect(error).toBeUndefined();
			const { rows } = await sql<{ indexname: string }>`
				select indexname from pg_indexes where tablename = 'users'`.execute(bare);
			const names = rows.map((r) => r.indexname);
			expect(names).toContain('idx_users_instruments_lower');
			expect(names.filter((name) => name.endsWith('_trgm'))).toEqual([]);
			await bare
				.insertInto('users')
				.values({ email: 'b@example.com', username: 'bach', password: 'x', full_name: 'J. S. Bach', role: 'teacher', verified: true })
				.execute();
			expect((await searchTeachers(bare, { query: 's. ba', limit: 5 })).map((t) => t.username)).toEqual(['bach']);
		} finally {
			await bare.destroy();
		}
	});
});
