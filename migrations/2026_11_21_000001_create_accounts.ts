import { type Kysely, sql } from 'kysely';

// Accounts: the seed-000 users table as written, plus what sessions and e-mail tokens need.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('email', 'varchar(255)', (c) => c.notNull().unique())
		.addColumn('username', 'varchar(50)', (c) => c.notNull().unique())
		.addColumn('password', 'varchar(255)', (c) => c.notNull())
		.addColumn('full_name', 'varchar(100)', (c) => c.notNull())
		.addColumn('role', 'varchar(20)', (c) => c.notNull().check(sql`role in ('student', 'teacher', 'admin')`))
		.addColumn('profile_image_url', 'text')
		.addColumn('instruments', sql`text[]`)
		.addColumn('experience_level', 'varchar(20)')
		.addColumn('bio', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`current_timestamp`))
		.addColumn('last_login', 'timestamptz')
		.addColumn('verified', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();
	await db.schema.createIndex('idx_users_email').on('users').column('email').execute();
	await db.schema.createIndex('idx_users_role').on('users').column('role').execute();
	// E-mail and username are unique regardless of case: "Ana" and "ana" are one account.
	await db.schema.createIndex('users_email_lower_key').on('users').unique().expression(sql`lower(email)`).execute();
	await db.schema
		.createIndex('users_username_lower_key')
		.on('users')
		.unique()
		.expression(sql`lower(username)`)
		.execute();
	await db.schema.createIndex('idx_users_instruments').on('users').using('gin').column('instruments').execute();

	// Sessions as in the Lucia guide: the id is the SHA-256 of the token, never the token.
	await db.schema
		.createTable('sessions')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`current_timestamp`))
		.addColumn('ip', 'varchar(64)')
		.addColumn('user_agent', 'varchar(512)')
		.execute();
	await db.schema.createIndex('idx_sessions_user_id').on('sessions').column('user_id').execute();
	await db.schema.createIndex('idx_sessions_expires_at').on('sessions').column('expires_at').execute();

	// Single-use verification and reset tokens, stored as their SHA-256.
	await db.schema
		.createTable('email_tokens')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('purpose', 'varchar(20)', (c) =>
			c.notNull().check(sql`purpose in ('verify_email', 'reset_password')`)
		)
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`current_timestamp`))
		.execute();
	await db.schema.createIndex('idx_email_tokens_user_purpose').on('email_tokens').columns(['user_id', 'purpose']).execute();

	// Audit trail of every authentication attempt (seed: "Authentication attempt logging").
	await db.schema
		.createTable('auth_events')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('kind', 'varchar(40)', (c) => c.notNull())
		.addColumn('success', 'boolean', (c) => c.notNull())
		.addColumn('login_attempted', 'varchar(255)')
		.addColumn('reason', 'varchar(80)')
		.addColumn('ip', 'varchar(64)')
		.addColumn('user_agent', 'varchar(512)')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`current_timestamp`))
		.execute();
	await db.schema.createIndex('idx_auth_events_user_id').on('auth_events').columns(['user_id', 'created_at']).execute();
	await db.schema.createIndex('idx_auth_events_created_at').on('auth_events').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('auth_events').execute();
	await db.schema.dropTable('email_tokens').execute();
	await db.schema.dropTable('sessions').execute();
	await db.schema.dropTable('users').execute();
}
