import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import type { DB } from './schema';

export type Database = Kysely<DB>;

// The embedded instance under a Database, for the job queue: pg-boss's multi-statement SQL needs
// PGlite's own `exec`, which Kysely does not expose.
const embedded = new WeakMap<Database, PGlite>();

/** The PGlite instance a Database runs on; undefined on PostgreSQL. */
export function pgliteOf(db: Database): PGlite | undefined {
	return embedded.get(db);
}

// bigint (count(*), bigserial) as a JS number on both drivers; our counts stay far below 2^53.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (value) => Number(value));

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise
 * PGlite stored in DATA_DIR/db (or in memory for `memory://`).
 */
export async function openDatabase(
	config: Pick<Config, 'databaseUrl' | 'dataDir'>,
	options: { onIdleError?: (error: Error) => void } = {}
): Promise<Database> {
	if (config.databaseUrl) {
		const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
		// An idle connection dropped by the server (restart, failover) must not crash the process;
		// the pool replaces it on next use.
		pool.on('error', (error) => options.onIdleError?.(error));
		return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	}
	const [{ PGlite }, { pg_trgm }] = await Promise.all([
		import('@electric-sql/pglite'),
		import('@electric-sql/pglite/contrib/pg_trgm')
	]);
	const memory = config.dataDir === 'memory://';
	const dir = memory ? undefined : join(config.dataDir, 'db');
	if (dir) await mkdir(dir, { recursive: true });
	// pg_trgm ships with PGlite as a loadable extension: with it, the teacher search's ILIKE uses
	// the same trigram indexes as on PostgreSQL (migration 2026_12_01_000004).
	// (One options object: `new PGlite(undefined, options)` would ignore the options.)
	const pglite = new PGlite({
		dataDir: dir,
		extensions: { pg_trgm },
		parsers: { [INT8_OID]: (value: string) => Number(value) }
	});
	await pglite.waitReady;
	// Kysely's PGlite adapter declares a single connection, so Kysely queues every borrower: a query
	// from one request never runs inside another request's open transaction
	// (tests/unit/pglite-dialect.test.ts holds it to that).
	const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
	embedded.set(db, pglite);
	return db;
}
