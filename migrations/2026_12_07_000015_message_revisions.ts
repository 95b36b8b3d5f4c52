/**
 * A per-conversation change feed for messages, so a client that was away catches up on edits and
 * deletions as well as new messages.
 *
 *  - conversations.message_revision counts every change to the conversation's messages (sent,
 *    edited, deleted). A writer raises it while holding the conversation's row lock, the same
 *    lock that orders messages.seq, so revisions become visible in the order they were given.
 *  - messages.revision is the revision of the row's last change; unique per conversation. A
 *    deleted message keeps its row (without content), so the row itself answers the deletion:
 *    no tombstone table is needed.
 *
 * Existing rows: a message's revision is its seq, and a conversation's revision its message_seq
 * (at least every seq given), so the feed's order agrees with the order of sending.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table conversations add column message_revision integer not null default 0`.execute(db);
	await sql`
		update conversations c
		set message_revision = greatest(c.message_seq, coalesce((select max(m.seq) from messages m where m.conversation_id = c.id), 0))`.execute(db);

	await sql`alter table messages add column revision integer`.execute(db);
	await sql`update messages set revision = seq`.execute(db);
	await sql`alter table messages alter column revision set not null`.execute(db);
	await sql`alter table messages add constraint messages_revision_check check (revision > 0)`.execute(db);
	await sql`alter table messages add constraint messages_conversation_id_revision_key unique (conversation_id, revision)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table messages drop column if exists revision`.execute(db);
	await sql`alter table conversations drop column if exists message_revision`.execute(db);
}
