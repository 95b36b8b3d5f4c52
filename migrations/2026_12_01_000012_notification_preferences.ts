/**
 * Notification preferences per type, and what the e-mail batches need:
 *
 *  - notification_preferences becomes one row per (user, type) with `in_app` and `email`. The
 *    table 000002 made had a column per category (email_comments, email_messages, ...), which
 *    cannot say "in-app off" and needs a migration for each new type. Rows exist only where a
 *    user changed a default; the defaults live in the code's type registry. What the old columns
 *    said is kept: email_comments = false becomes an e-mail-off row for `comment`,
 *    email_messages = false one for `message` (email_assignments and email_digest had no type).
 *  - notifications.comment_id: the comment a `comment` notification is about (its link opens the
 *    video at the comment's moment); deleting the comment deletes the notification.
 *  - notifications.in_app: false for a notification kept only for e-mail (in-app off, e-mail on).
 *  - notifications.email_pending / emailed_at: waiting for the user's next e-mail, and when one
 *    included it; a partial index finds the waiting ones.
 *  - notification_email_state: when each user was last e-mailed, for the one-per-window rule.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('notification_preferences').renameTo('notification_preferences_000002').execute();
	await sql`alter table notification_preferences_000002 rename constraint notification_preferences_pkey to notification_preferences_000002_pkey`.execute(db);
	await db.schema
		.createTable('notification_preferences')
		.addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('type', 'varchar(50)', (col) => col.notNull())
		.addColumn('in_app', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('notification_preferences_pkey', ['user_id', 'type'])
		.execute();
	await sql`insert into notification_preferences (user_id, type, in_app, email)
		select user_id, 'comment', true, false from notification_preferences_000002 where not email_comments
		union all
		select user_id, 'message', true, false from notification_preferences_000002 where not email_messages`.execute(db);
	await db.schema.dropTable('notification_preferences_000002').execute();

	await db.schema
		.alterTable('notifications')
		.addColumn('comment_id', 'integer', (col) => col.references('comments.id').onDelete('cascade'))
		.addColumn('in_app', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_pending', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('emailed_at', 'timestamptz')
		.execute();
	await sql`create index idx_notifications_comment_id on notifications (comment_id) where comment_id is not null`.execute(db);
	await sql`create index idx_notifications_email_pending on notifications (user_id, id) where email_pending`.execute(db);
	// The bell's pages: a user's notifications by id, newest first.
	await sql`create index idx_notifications_user_id_id on notifications (user_id, id desc)`.execute(db);

	await db.schema
		.createTable('notification_email_state')
		.addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('last_sent_at', 'timestamptz', (col) => col.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('notification_email_state').ifExists().execute();
	await sql`drop index if exists idx_notifications_user_id_id`.execute(db);
	await sql`drop index if exists idx_notifications_email_pending`.execute(db);
	await sql`drop index if exists idx_notifications_comment_id`.execute(db);
	await db.schema.alterTable('notifications').dropColumn('emailed_at').dropColumn('email_pending').dropColumn('in_app').dropColumn('comment_id').execute();
	await db.schema.dropTable('notification_preferences').execute();
	await db.schema
		.createTable('notification_preferences')
		.addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('email_comments', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_messages', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_assignments', 'boolean', (col) => col.notNull().defaultTo(true))
		.addColumn('email_digest', 'boolean', (col) => col.notNull().defaultTo(false))
		.addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
		.execute();
}
