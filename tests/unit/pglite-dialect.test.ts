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

/** A promise the test holds a transaction open on, and the function that lets it go. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

/** One turn of the event loop: every callback that is not waiting for something has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Embedded mode serves many requests over PGlite's one connection; these pin down that Kysely's
// PGlite dialect serialises borrowers, which the web server relies on. The transaction stays open
// on a promise until the test has seen the other query wait, so no timing is assumed: without the
// serialisation, the other query would run on the transaction's connection and be answered (from
// inside the transaction) within that turn.
describe('Kysely on PGlite', () => {
	it('keeps a query from another request out of an open transaction', async () => {
		const events: string[] = [];
		const inserted = gate();
		const release = gate();
		const transaction = db.transaction().execute(async (trx) => {
			await trx.insertInto('notes').values({ body: 'uncommitted' }).execute();
			inserted.open();
			await release.opened;
			events.push('transaction ends');
			throw new Error('roll back');
		});
		await inserted.opened;
		// Issued while the transaction is open: it must wait, then see nothing of the rolled-back row.
		const outside = db
			.selectFrom('notes')
			.select('body')
			.where('body', '=', 'uncommitted')
			.execute()
			.then((rows) => {
				events.push('outside answered');
				return rows;
			});
		await nextTurn();
		expect(events).toEqual([]);
		release.open();
		await expect(transaction).rejects.toThrow('roll back');
		expect(await outside).toEqual([]);
		expect(events).toEqual(['transaction ends', 'outside answered']);
	});

	it('does not let a write outside the transaction be rolled back with it', async () => {
		const events: string[] = [];
		const inserted = gate();
		const release = gate();
		const transaction = db.transaction().execute(async (trx) => {
			await trx.insertInto('notes').values({ body: 'inside' }).execute();
			inserted.open();
			await release.opened;
			events.push('transaction ends');
			throw new Error('roll back');
		});
		await inserted.opened;
		const write = db
			.insertInto('notes')
			.values({ body: 'outside' })
			.execute()
			.then(() => events.push('outside written'));
		await nextTurn();
		expect(events).toEqual([]);
		release.open();
		await expect(transaction).rejects.toThrow();
		await write;
		expect(events).toEqual(['transaction ends', 'outside written']);
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
