import pg from 'pg';

/** A PostgreSQL database of its own for one test file, created from DATABASE_URL's server. */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `classcast_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			try {
				await client.query(`drop database if exists ${name} with (force)`);
			} finally {
				await client.end();
			}
		}
	};
}
