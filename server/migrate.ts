import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/database';
import { migrateToLatest } from '../src/lib/server/db/migrate';

// `bun run migrate`: applies pending migrations and lists what ran.
const config = loadConfig();
const db = await openDatabase(config);
try {
	const result = await migrateToLatest(db);
	const applied = result.results ?? [];
	if (applied.length === 0) console.log('Database is up to date.');
	for (const r of applied) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
} finally {
	await db.destroy();
}
