/**
 * Browser messaging between connected people, what it needs beyond the tables 000003 made:
 *
 *  - conversations.direct_key: "smaller-id:larger-id" of a one-to-one conversation, unique, so
 *    two "start a conversation" requests for the same pair (in parallel, on two nodes) end in one
 *    conversation; NULL for groups;
 *  - conversations.activity: a number from a sequence, taken on creation and again by every
 *    message, that orders the inbox newest first and is its cursor (a timestamptz cursor loses
 *    its microseconds in a JS Date; a sequence value is exact and unique);
 *  - conversation_members.last_read_seq: the read watermark as a message seq (resync and unread
 *    counts work by seq); last_read_message_id is kept beside it for the API, which speaks ids;
 *  - messages.video_id: a video shared in a message (a card); SET NULL when the video goes;
 *  - a deleted message keeps its row and place (seq) but not its text: content is NULL exactly
 *    when deleted_at is set.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table conversations add column direct_key varchar(40)`.execute(db);
	await sql`alter table conversations add constraint conversations_direct_key_key unique (direct_key)`.execute(db);
	await sql`create sequence conversation_activity_seq as integer`.execute(db);
	await sql`alter table conversations add column activity integer not null default nextval('conversation_activity_seq')`.execute(db);
	await sql`alter sequence conversation_activity_seq owned by conversations.activity`.execute(db);
	await sql`create index idx_conversations_activity on conversations (activity)`.execute(db);

	await sql`alter table conversation_members add column last_read_seq integer not null default 0`.execute(db);
	await sql`
		update conversation_members m
		set last_read_seq = coalesce((select seq from messages where id = m.last_read_message_id and conversation_id = m.conversation_id), 0)
		where last_read_message_id is not null`.execute(db);

	await sql`alter table messages add column video_id integer references videos (id) on delete set null`.execute(db);
	await sql`create index idx_messages_video_id on messages (video_id) where video_id is not null`.execute(db);
	await sql`alter table messages alter column content drop not null`.execute(db);
	await sql`update messages set content = null where deleted_at is not null`.execute(db);
	await sql`
		alter table messages add constraint messages_deleted_no_content
		check ((deleted_at is null) = (content is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table messages drop constraint messages_deleted_no_content`.execute(db);
	await sql`update messages set content = '(deleted)' where content is null`.execute(db);
	await sql`alter table messages alter column content set not null`.execute(db);
	await sql`alter table messages drop column video_id`.execute(db);
	await sql`alter table conversation_members drop column last_read_seq`.execute(db);
	await sql`alter table conversations drop column activity`.execute(db);
	await sql`alter table conversations drop column direct_key`.execute(db);
}
