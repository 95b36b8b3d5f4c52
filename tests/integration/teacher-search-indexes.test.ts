import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/database';
import { searchTeachers, teacherSearchQuery, type TeacherSearch } from '../../src/lib/server/users/users.repository';
import { openScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db';

// The teacher directory's filters can use indexes: the instrument filter a GIN index on
// lower_text_array(instruments), the name and instrument search pg_trgm GIN indexes (PGlite loads
// pg_trgm too).
// EXPLAIN of the query the app sends, on a table of some thousands of teachers. The other ways in
// are taken away for the plan (sequential scans off; idx_users_role, which on an all-teacher
// table amounts to a full scan, dropped inside the rolled-back transaction), so the test asks
// "can the planner use this index for the app's expression", not "does it prefer it at this size".

let scratch: ScratchDatabase;
let db: Database;
const INSTRUMENTS = ['Piano', 'Cello', 'Flute', 'Violin', 'Viola', 'Oboe', 'Harp', 'Guitar', 'Tuba', 'Horn'];
const ROWS = 5000;
beforeAll(async () => {
	scratch = await openScratchDatabase();
	await scratch.migrate();
	db = scratch.db;
	const instruments = sql.lit(`{${INSTRUMENTS.join(',')}}`);
	await sql`
		insert into users (email, username, password, full_name, role, instruments, verified)
		select 'user' || i || '@example.com', 'user' || i, 'x', 'Teacher ' || md5(i::text), 'teacher',
			array[(${instruments}::text[])[1 + i % ${sql.lit(INSTRUMENTS.length)}], 'Instrument' || i], true
		from generate_series(1, ${sql.lit(ROWS)}) as i`.execute(db);
	await sql`analyze users`.execute(db);
});
afterAll(() => scratch.close());

/** Every index name in an EXPLAIN (FORMAT JSON) plan. */
function indexesIn(plan: unknown): string[] {
	if (Array.isArray(plan)) return plan.flatMap(indexesIn);
	if (!plan || typeof plan !== 'object') return [];
	const node = plan as Record<string, unknown>;
	const own = typeof node['Index Name'] === 'string' ? [node['Index Name']] : [];
	return [...own, ...Object.values(node).flatMap(indexesIn)];
}

class RolledBack extends Error {
	constructor(readonly indexes: string[]) {
		super('rolled back');
	}
}

async function indexesUsedBy(search: TeacherSearch): Promise<string[]> {
	try {
		await db.transaction().execute(async (trx) => {
			await sql`set local enable_seqscan = off`.execute(trx);
			await sql`drop index idx_users_role`.execute(trx);
			const rows = await teacherSearchQuery(trx, search).explain('json');
			throw new RolledBack(indexesIn(rows.map((row) => row['QUERY PLAN'])));
		});
	} catch (error) {
		if (error instanceof RolledBack) return error.indexes;
		throw error;
	}
	throw new Error('unreachable');
}

describe('teacher search indexes', () => {
	it('filters by instrument, ignoring case, through the lower-cased instruments index', async () => {
		expect(await indexesUsedBy({ instrument: 'cello', limit: 21 })).toContain('idx_users_instruments_lower');
		const found = await searchTeachers(db, { instrument: 'CELLO', limit: 1000 });
		expect(found).toHaveLength(ROWS / INSTRUMENTS.length);
		expect(found.every((t) => t.instruments?.includes('Cello'))).toBe(true);
	});

	it('searches part of the name or username through the trigram indexes', async () => {
		const used = await indexesUsedBy({ query: 'c4ca4', limit: 21 });
		expect(used).toContain('idx_users_full_name_trgm');
		expect(used).toContain('idx_users_username_trgm');
		// md5('1') starts c4ca4238: user 1 at least, found through the index.
		const found = await searchTeachers(db, { query: 'C4CA4', limit: 1000 });
		expect(found.map((t) => t.username)).toContain('user1');
		expect(found.every((t) => t.full_name.toLowerCase().includes('c4ca4') || t.username.includes('c4ca4'))).toBe(true);
	});

	it('the search text also matches instruments ("pian" finds pianists), through the instruments trigram index', async () => {
		expect(await indexesUsedBy({ query: 'pian', limit: 21 })).toContain('idx_users_instruments_trgm');
		const found = await searchTeachers(db, { query: 'PIAN', limit: 1000 });
		expect(found).toHaveLength(ROWS / INSTRUMENTS.length);
		expect(found.every((t) => t.instruments?.includes('Piano'))).toBe(true);
	});

	it('uses an index when both filters are given', async () => {
		const used = await indexesUsedBy({ query: 'user12', instrument: 'piano', limit: 21 });
		expect(used.some((name) => name === 'idx_users_instruments_lower' || name.endsWith('_trgm'))).toBe(true);
	});

	it('keeps the role index, which the test only drops inside its rolled-back transactions', async () => {
		const { rows } = await sql<{ n: number }>`
			select count(*)::int as n from pg_indexes where indexname = 'idx_users_role'`.execute(db);
		expect(rows[0]!.n).toBe(1);
	});
});
