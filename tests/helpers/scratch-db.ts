import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index';
import { openDatabase, type Database } from '../../src/lib/server/db/database';
import { createScratchDatabase } from './database';

export interface ScratchDatabase {
	db: Database;
	/** Which server the tests run on: PostgreSQL when DATABASE_URL is set, else in-memory PGlite. */
	backend: 'postgres' | 'pglite';
	/** Applies migrations up to and including the named one (all when omitted). */
	migrate(upTo?: string): Promise<void>;
	close(): Promise<void>;
}

/** A fresh, empty database of the suite's kind (no app, no migrations yet), for repository tests. */
export async function openScratchDatabase(): Promise<ScratchDatabase> {
	const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
	const db = await openDatabase({ databaseUrl: scratch?.url, dataDir: 'memory://' });
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	return {
		db,
		backend: scratch ? 'postgres' : 'pglite',
		async migrate(upTo) {
			const { error } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
			if (error) throw error;
		},
		async close() {
			await db.destroy();
			await scratch?.drop();
		}
	};
}
