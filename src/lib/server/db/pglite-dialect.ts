import type { PGlite } from '@electric-sql/pglite';
import {
	CompiledQuery,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryResult,
	type TransactionSettings
} from 'kysely';

/**
 * Kysely dialect for embedded PGlite. PGlite is a single connection, so the driver hands it out
 * to one borrower at a time (a transaction keeps it until commit or rollback). Kysely 0.29 ships a
 * PGlite dialect too, but it hands the same connection to concurrent borrowers, so a query from
 * another request would run inside an open transaction; under a web server that is wrong.
 */
export class PGliteDialect implements Dialect {
	constructor(private readonly pglite: PGlite) {}

	createAdapter() {
		return new PostgresAdapter();
	}
	createDriver(): Driver {
		return new PGliteDriver(this.pglite);
	}
	createIntrospector(db: Kysely<unknown>) {
		return new PostgresIntrospector(db);
	}
	createQueryCompiler() {
		return new PostgresQueryCompiler();
	}
}

class PGliteConnection implements DatabaseConnection {
	constructor(private readonly pglite: PGlite) {}

	async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
		const kind = compiled.query.kind;
		const writes = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
		return {
			rows: result.rows,
			...(writes ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {})
		};
	}

	// eslint-disable-next-line require-yield
	async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('PGlite dialect does not stream; page with a cursor instead');
	}
}

class PGliteDriver implements Driver {
	readonly #connection: PGliteConnection;
	#queue: Promise<void> = Promise.resolve();
	#release: (() => void) | undefined;

	constructor(private readonly pglite: PGlite) {
		this.#connection = new PGliteConnection(pglite);
	}

	async init(): Promise<void> {
		await this.pglite.waitReady;
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		const previous = this.#queue;
		let release!: () => void;
		this.#queue = new Promise<void>((resolve) => (release = resolve));
		await previous;
		this.#release = release;
		return this.#connection;
	}

	async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		const mode = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
		await connection.executeQuery(CompiledQuery.raw(`begin${mode}`));
	}

	async commitTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('commit'));
	}

	async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('rollback'));
	}

	async releaseConnection(): Promise<void> {
		const release = this.#release;
		this.#release = undefined;
		release?.();
	}

	async destroy(): Promise<void> {
		if (!this.pglite.closed) await this.pglite.close();
	}
}
