/**
 * review_session_participants.dropped_at: when the person's last connection to a live co-review
 * dropped (transport closed, ping timed out) rather than left on purpose. Every node reads it, so
 * the others see "reconnecting…" for a grace period whichever node the person was on. A join or
 * a deliberate leave clears it.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('review_session_participants').addColumn('dropped_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('review_session_participants').dropColumn('dropped_at').execute();
}
