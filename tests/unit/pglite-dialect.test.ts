import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { PGlite } from '@electric-sql/pglite';
import { type Generated, Kysely, PGliteDialect, sql } from 'kysely';

interface Tables {
	notes: { id: Generated<number>; body: string };
}

let db: Kysely<Tables>;
beforeAll(async () => {
	db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite: new PGlite() }) });
	await sql`create table notes (id serial primary key, body text not null)`.execute(db);
});
afterAll(() => db.destroy());

// Embedded mode serves many requests over PGlite's one connection; these pin down that Kysely's
// PGlite dialect serialises borrowers, which the web server relies on.
describe('Kysely on PGlite', () => {
	it('keeps a query from another request out of an open transaction', async () => {
		let release!: () => void;
		let inserted!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const insertDone = new Promise<void>((resolve) => (inserted = resolve));
		const transaction = db.transaction().execute(async (trx) => {
			await trx.insertInto('notes').values({ body: 'uncommitted' }).execute();
			inserted();
			await held;
			throw new Error('roll back');
		});
		await insertDone;
		// Issued while the transaction is open: it must wait, then see nothing of the rolled-back row.
		const outside = db.selectFrom('notes').select('body').where('body', '=', 'uncommitted').execute();
		await Bun.sleep(50);
		release();
		await expect(transaction).rejects.toThrow('roll back');
		expect(await outside).toEqual([]);
	});

	it('does not let a write outside the transaction be rolled back with it', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let inserted!: () => void;
		const insertDone = new Promise<void>((resolve) => (inserted = resolve));
		const transaction = db.transaction().execute(async (trx) => {
			await trx.insertInto('notes').values({ body: 'inside' }).execute();
			inserted();
			await held;
			throw new Error('roll back');
		});
		await insertDone;
		const write = db.insertInto('notes').values({ body: 'outside' }).execute();
		await Bun.sleep(50);
		release();
		await expect(transaction).rejects.toThrow();
		await write;
		const bodies = (await db.selectFrom('notes').select('body').execute()).map((r) => r.body);
		expect(bodies).toContain('outside');
		expect(bodies).not.toContain('inside');
	});

	it('runs many concurrent queries and reports affected rows', async () => {
		await Promise.all(Array.from({ length: 50 }, (_, i) => db.insertInto('notes').values({ body: `n${i}` }).execute()));
		const result = await db.updateTable('notes').set({ body: 'x' }).where('body', 'like', 'n%').executeTakeFirst();
		expect(Number(result.numUpdatedRows)).toBe(50);
	});
});
