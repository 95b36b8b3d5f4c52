/**
 * Kysely table types for the messaging tables created by
 *   migrations/2026_11_21_000003_create_classes_and_social.ts
 * and changed by
 *   migrations/2026_12_01_000004_ordered_feeds.ts (the per-conversation message sequence)
 *   migrations/2026_12_01_000011_messaging.ts (one-to-one keys, inbox order, read seq, video
 *   cards, deleted messages without content)
 *   migrations/2026_12_07_000015_message_revisions.ts (the messages' change feed: revisions)
 *
 * Keep in step with those migrations; merge `MessagingTables` into the app's database interface.
 */
import type { Generated } from 'kysely';
import type { CreatedTimestamp, NullableTimestamp } from './schema.content';

export interface ConversationsTable {
	id: Generated<number>;
	created_at: CreatedTimestamp;
	/** bumped when a message arrives */
	updated_at: CreatedTimestamp;
	is_group: Generated<boolean>;
	title: string | null;
	/** the last message sequence number given in this conversation (messages.seq) */
	message_seq: Generated<number>;
	/** "smaller-id:larger-id" of a one-to-one conversation (unique); null for groups */
	direct_key: string | null;
	/** inbox order: from conversation_activity_seq, taken again by every message */
	activity: Generated<number>;
	/** the last revision given to a change of this conversation's messages (messages.revision) */
	message_revision: Generated<number>;
}

export interface ConversationMembersTable {
	conversation_id: number;
	user_id: number;
	joined_at: CreatedTimestamp;
	/** read watermark (messages.id), no FK; kept in step with last_read_seq */
	last_read_message_id: number | null;
	/** read watermark as messages.seq: the member has seen every message up to it */
	last_read_seq: Generated<number>;
}

export interface MessagesTable {
	id: Generated<number>;
	conversation_id: number;
	sender_id: number;
	/** 1..5000 chars; null exactly when the message was deleted */
	content: string | null;
	/** a video shared in the message (shown as a card); null when none or the video is gone */
	video_id: number | null;
	/** 1, 2, 3, … per conversation, in commit order; resync asks for seq > the last one seen */
	seq: number;
	/** the conversation's revision at this message's last change (sent, edited, deleted); unique per conversation */
	revision: number;
	created_at: CreatedTimestamp;
	edited_at: NullableTimestamp;
	deleted_at: NullableTimestamp;
}

export interface MessagingTables {
	conversations: ConversationsTable;
	conversation_members: ConversationMembersTable;
	messages: MessagesTable;
}
