import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import { listChangesSince } from '../../src/lib/server/comments/comment-feed.repository';
import { insertComment } from '../../src/lib/server/comments/comments.repository';
import type { Database } from '../../src/lib/server/db/database';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Migration 2026_12_07_000013_comment_revisions on a database that already holds comments: each
// takes its seq as its revision, each video its comment_seq, and new changes continue from there.

let scratch: ScratchDatabase;
let db: Database;
const ids = { user: 0, videoA: 0, videoB: 0, empty: 0 };
beforeAll(async () => {
	scratch = await openScratchDatabase();
	db = scratch.db;
	await scratch.migrate('2026_12_01_000012_notification_preferences');
	// Rows as the app wrote them before the migration (raw SQL: the app's types describe the schema after it).
	const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
	ids.user = (
		await one<{ id: number }>(sql`insert into users (email, username, password, full_name, role)
			values ('r@example.com', 'r', 'x', 'R', 'teacher') returning id`)
	).id;
	const video = async (title: string) => (await one<{ id: number }>(sql`insert into videos (user_id, title, url) values (${ids.user}, ${title}, 'u') returning id`)).id;
	[ids.videoA, ids.videoB, ids.empty] = [await video('A'), await video('B'), await video('Empty')];
	// Numbered as the app numbered them: the video's counter taken with each comment.
	const add = (videoId: number, content: string) =>
		one<{ id: number }>(sql`
			with next as (update videos set comment_seq = comment_seq + 1 where id = ${videoId} returning comment_seq)
			insert into comments (video_id, user_id, content, timestamp, seq)
			select ${videoId}, ${ids.user}, ${content}, 1, comment_seq from next returning id`);
	await add(ids.videoA, 'a1');
	await add(ids.videoB, 'b1');
	const a2 = await add(ids.videoA, 'a2');
	await add(ids.videoA, 'a3');
	// A deleted comment: seq 2 is gone, the counter stays at 3.
	await sql`delete from comments where id = ${a2.id}`.execute(db);
	await scratch.migrate();
});
afterAll(() => scratch.close());

describe('migration 2026_12_07_000013_comment_revisions', () => {
	it('gives every existing comment its seq as its revision, and every video its counter', async () => {
		const comments = await db.selectFrom('comments').select(['content', 'seq', 'revision']).orderBy('id').execute();
		expect(comments.map((c) => [c.content, c.seq, c.revision])).toEqual([
			['a1', 1, 1],
			['b1', 1, 1],
			['a3', 3, 3]
		]);
		const videos = await db.selectFrom('videos').select(['id', 'comment_seq', 'comment_revision']).orderBy('id').execute();
		expect(videos.map((v) => [v.comment_seq, v.comment_revision])).toEqual([
			[3, 3],
			[1, 1],
			[0, 0]
		]);
	});

	it('continues the revisions after the counter, and the feed lists old and new in order', async () => {
		const a4 = (await insertComment(db, { videoId: ids.videoA, userId: ids.user, content: 'a4', timestamp: 0 }))!;
		expect([a4.seq, a4.revision]).toEqual([4, 4]);
		const first = (await insertComment(db, { videoId: ids.empty, userId: ids.user, content: 'e1', timestamp: 0 }))!;
		expect([first.seq, first.revision]).toEqual([1, 1]);
		const feed = await listChangesSince(db, ids.videoA, { since: 0, upTo: 4, limit: 10 });
		expect(feed.map((change) => [change.kind, change.row.revision])).toEqual([
			['comment', 1],
			['comment', 3],
			['comment', 4]
		]);
	});

	it('refuses a second row at the same revision of one video, and a revision below 1', async () => {
		const duplicate = sql`insert into comments (video_id, user_id, content, timestamp, seq, revision)
			values (${ids.videoB}, ${ids.user}, 'dup', 0, 99, 1)`.execute(db);
		await expect(duplicate).rejects.toMatchObject({ code: '23505' });
		const zero = sql`insert into comments (video_id, user_id, content, timestamp, seq, revision)
			values (${ids.videoB}, ${ids.user}, 'zero', 0, 98, 0)`.execute(db);
		await expect(zero).rejects.toMatchObject({ code: '23514' });
	});

	it('keeps tombstones with their replies, one per revision, and drops them with their video', async () => {
		await db.insertInto('comment_tombstones').values({ comment_id: 9001, video_id: ids.videoB, revision: 2, reply_ids: sql<number[]>`'{9002,9003}'::integer[]` }).execute();
		const stored = await db.selectFrom('comment_tombstones').selectAll().where('comment_id', '=', 9001).executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ video_id: ids.videoB, revision: 2, parent_comment_id: null, reply_ids: [9002, 9003] });
		const again = db.insertInto('comment_tombstones').values({ comment_id: 9004, video_id: ids.videoB, revision: 2 }).execute();
		await expect(again).rejects.toMatchObject({ code: '23505' });
		await db.deleteFrom('videos').where('id', '=', ids.videoB).execute();
		expect(await db.selectFrom('comment_tombstones').select('comment_id').where('video_id', '=', ids.videoB).execute()).toEqual([]);
	});
});
