// Teacher directory queries with their indexes against the same queries without them (the
// baseline, measured in the same run on the same data): the name search (ILIKE '%q%', pg_trgm
// GIN indexes) and the instrument filter (GIN index on lower_text_array(instruments)).
//
//   bun bench/teacher-search.ts [--teachers 100000] [--runs 20]
//
// With DATABASE_URL set it runs on a scratch PostgreSQL database, otherwise on in-memory PGlite.
// Prints the mean time per query and the ratio (indexed / scan). Results go to docs/PERFORMANCE.md.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../src/lib/server/db/database';
import { searchTeachers, type TeacherSearch } from '../src/lib/server/users/users.repository';
import { openScratchDatabase } from '../tests/helpers/scratch-db';

const { values } = parseArgs({
	options: { teachers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '20' } },
	strict: true
});
const TEACHERS = Number(values.teachers);
const RUNS = Number(values.runs);
const INSTRUMENTS = ['Piano', 'Cello', 'Flute', 'Violin', 'Viola', 'Oboe', 'Harp', 'Guitar', 'Tuba', 'Horn'];

/** Mean milliseconds of a query over RUNS runs, after one warm-up. */
async function time(run: () => Promise<unknown>): Promise<number> {
	await run();
	const started = performance.now();
	for (let i = 0; i < RUNS; i++) await run();
	return (performance.now() - started) / RUNS;
}

/** The instrument filter as it was before migration 000004 (no index could serve it). */
function oldInstrumentSearch(db: Database, instrument: string) {
	return db
		.selectFrom('users')
		.select(['id', 'full_name'])
		.where('role', '=', 'teacher')
		.where('active', '=', true)
		.where('verified', '=', true)
		.where(sql<boolean>`exists (select 1 from unnest(instruments) i where lower(i) = ${instrument})`)
		.orderBy('full_name')
		.orderBy('id')
		.limit(21)
		.execute();
}

/** The baseline of a search: the same query on the table without the new indexes; the old form for instruments. */
const baselineOf = (db: Database, search: TeacherSearch) =>
	search.instrument ? () => oldInstrumentSearch(db, search.instrument!) : () => searchTeachers(db, search);

const searches: [string, TeacherSearch][] = [
	['name search `q=c4ca4` (a rare substring)', { query: 'c4ca4', limit: 21 }],
	['name search `q=user1234` (a username prefix)', { query: 'user1234', limit: 21 }],
	['instrument `harp` (one in ten)', { instrument: 'harp', limit: 21 }],
	['instrument `instrument777` (one teacher)', { instrument: 'instrument777', limit: 21 }]
];

const scratch = await openScratchDatabase();
try {
	await scratch.migrate();
	const db = scratch.db;
	const instruments = sql.lit(`{${INSTRUMENTS.join(',')}}`);
	await sql`
		insert into users (email, username, password, full_name, role, instruments, verified)
		select 'user' || i || '@example.com', 'user' || i, 'x', 'Teacher ' || md5(i::text), 'teacher',
			array[(${instruments}::text[])[1 + i % ${sql.lit(INSTRUMENTS.length)}], 'Instrument' || i], true
		from generate_series(1, ${sql.lit(TEACHERS)}) as i`.execute(db);
	await sql`analyze users`.execute(db);

	const indexed: number[] = [];
	for (const [, search] of searches) indexed.push(await time(() => searchTeachers(db, search)));
	// The baseline: the same data with the indexes gone, and the instrument filter in its old form.
	await sql`drop index idx_users_instruments_lower`.execute(db);
	await sql`drop index if exists idx_users_full_name_trgm`.execute(db);
	await sql`drop index if exists idx_users_username_trgm`.execute(db);
	await sql`analyze users`.execute(db);
	const scans: number[] = [];
	for (const [, search] of searches) scans.push(await time(baselineOf(db, search)));

	console.log(`\n${TEACHERS} teachers, ${RUNS} runs each, ${scratch.backend}\n`);
	console.log('| query | scan ms (baseline) | indexed ms | ratio |');
	console.log('| --- | ---: | ---: | ---: |');
	searches.forEach(([name], i) => {
		const [scan, fast] = [scans[i]!, indexed[i]!];
		console.log(`| ${name} | ${scan.toFixed(2)} | ${fast.toFixed(2)} | ${(fast / scan).toFixed(3)} |`);
	});
} finally {
	await scratch.close();
}
