import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import { insertComment } from '../../src/lib/server/comments/comments.repository';
import type { Database } from '../../src/lib/server/db/database';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// Migration 2026_12_01_000007 on a database that already holds comments: categories outside the
// review page's set become 'general', passages must end after they start, durations keep fractions.

let scratch: ScratchDatabase;
let db: Database;
const ids = { user: 0, video: 0 };
beforeAll(async () => {
	scratch = await openScratchDatabase();
	db = scratch.db;
	await scratch.migrate('2026_12_01_000006_video_pipeline');
	const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
	ids.user = (
		await one<{ id: number }>(sql`insert into users (email, username, password, full_name, role)
			values ('p@example.com', 'p', 'x', 'P', 'teacher') returning id`)
	).id;
	ids.video = (await one<{ id: number }>(sql`insert into videos (user_id, title, url, duration) values (${ids.user}, 'V', 'v', 8) returning id`)).id;
	for (const [content, category] of [['kept', 'rhythm'], ['odd', 'Dynamics'], ['none', null]] as const) {
		await sql`insert into comments (video_id, user_id, content, timestamp, seq, category)
			values (${ids.video}, ${ids.user}, ${content}, 1, (select coalesce(max(seq), 0) + 1 from comments), ${category})`.execute(db);
	}
	await sql`update videos set comment_seq = 3 where id = ${ids.video}`.execute(db);
	await scratch.migrate();
});
afterAll(() => scratch.close());

describe('migration 2026_12_01_000007_comment_passages', () => {
	it('keeps known categories and nulls, and makes any other category general', async () => {
		const rows = await db.selectFrom('comments').select(['content', 'category', 'end_timestamp']).orderBy('id').execute();
		expect(rows).toEqual([
			{ content: 'kept', category: 'rhythm', end_timestamp: null },
			{ content: 'odd', category: 'general', end_timestamp: null },
			{ content: 'none', category: null, end_timestamp: null }
		]);
	});

	it('refuses an unknown category and a passage that does not end after it starts', async () => {
		await expect(sql`update comments set category = 'dynamics'`.execute(db)).rejects.toMatchObject({ code: '23514' });
		await expect(sql`update comments set end_timestamp = "timestamp"`.execute(db)).rejects.toMatchObject({ code: '23514' });
		const passage = await insertComment(db, { videoId: ids.video, userId: ids.user, content: 'p', timestamp: 3.25, endTimestamp: 7.5 });
		expect(passage).toMatchObject({ timestamp: 3.25, end_timestamp: 7.5 });
	});

	it('keeps fractions of a second in video durations', async () => {
		await sql`update videos set duration = 5.432 where id = ${ids.video}`.execute(db);
		const video = await db.selectFrom('videos').select('duration').where('id', '=', ids.video).executeTakeFirstOrThrow();
		expect(video.duration).toBe(5.432);
	});

	it('indexes a video’s comments by time and a comment’s replies', async () => {
		const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'comments'`.execute(db);
		expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['idx_comments_video_id_timestamp', 'idx_comments_parent_comment_id']));
	});

	it('goes down again, rounding durations back to whole seconds', async () => {
		const other = await openScratchDatabase();
		try {
			await other.migrate();
			await sql`insert into users (email, username, password, full_name, role) values ('d@example.com', 'd', 'x', 'D', 'student')`.execute(other.db);
			await sql`insert into videos (user_id, title, url, duration) select id, 'D', 'd', 4.6 from users`.execute(other.db);
			await other.migrate('2026_12_01_000006_video_pipeline');
			const { rows } = await sql<{ duration: number }>`select duration from videos`.execute(other.db);
			expect(rows).toEqual([{ duration: 5 }]);
			const columns = await sql<{ column_name: string }>`
				select column_name from information_schema.columns where table_name = 'comments' and column_name = 'end_timestamp'`.execute(other.db);
			expect(columns.rows).toEqual([]);
		} finally {
			await other.close();
		}
	});
});
