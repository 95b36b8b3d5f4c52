import { mediaUrl, toPersonSummary, type PersonColumns, type PersonSummary } from '../videos/video.dto';

// The JSON shapes of messaging, shared by the API, the `message:*` events and the pages. A message
// goes to every member alike, so it carries nothing that depends on who reads it.

/** A video sent in a message: the others may open it (sending shared it with them). */
export interface MessageVideoCard {
	id: number;
	title: string;
	thumbnailUrl: string | null;
}

export interface Message {
	id: number;
	conversationId: number;
	/** 1, 2, 3, ... per conversation in commit order; a client resyncs with `?after=<seq>`. */
	seq: number;
	/**
	 * The conversation's revision at this message's last change (sent, edited, deleted): a client
	 * catches up on changes with `?since=<revision>`.
	 */
	revision: number;
	senderId: number;
	/** Plain text, always rendered escaped; null once deleted. */
	content: string | null;
	video: MessageVideoCard | null;
	createdAt: string;
	/** When the text was last changed, or null. */
	editedAt: string | null;
	/** Deleted by its sender: it keeps its place, without content. */
	deleted: boolean;
}

/** How far another member has read: every message up to `lastReadSeq`. */
export interface ConversationReader {
	userId: number;
	lastReadSeq: number;
	lastReadMessageId: number | null;
}

/** A conversation as one of its members sees it. */
export interface Conversation {
	id: number;
	/** The other members. */
	members: PersonSummary[];
	lastMessage: Message | null;
	/** Messages from the others after the caller's read position, deleted ones left out. */
	unreadCount: number;
	/** The caller's read position (seq), and the message it was set with. */
	lastReadSeq: number;
	lastReadMessageId: number | null;
	/** The other members' read positions, for "Seen". */
	readers: ConversationReader[];
	/** Its newest message's time, or when it was started. */
	updatedAt: string;
}

type Timestamp = Date | string;
const iso = (value: Timestamp) => new Date(value).toISOString();

/** The columns a Message is made of (timestamps as Dates from a row, strings from JSON). */
export interface MessageSource {
	id: number;
	conversation_id: number;
	seq: number;
	revision: number;
	sender_id: number;
	content: string | null;
	created_at: Timestamp;
	edited_at: Timestamp | null;
	deleted_at: Timestamp | null;
	video: { id: number; title: string; thumbnail_key: string | null } | null;
}

export function toMessage(row: MessageSource): Message {
	const deleted = row.deleted_at !== null;
	return {
		id: row.id,
		conversationId: row.conversation_id,
		seq: row.seq,
		revision: row.revision,
		senderId: row.sender_id,
		content: deleted ? null : row.content,
		video: deleted || !row.video ? null : { id: row.video.id, title: row.video.title, thumbnailUrl: row.video.thumbnail_key ? mediaUrl(row.video.thumbnail_key) : null },
		createdAt: iso(row.created_at),
		editedAt: row.edited_at === null ? null : iso(row.edited_at),
		deleted
	};
}

export interface ConversationSource {
	id: number;
	updated_at: Timestamp;
	last_read_seq: number;
	last_read_message_id: number | null;
	unread_count: number;
	members: PersonColumns[];
	readers: { user_id: number; last_read_seq: number; last_read_message_id: number | null }[];
	last_message: MessageSource | null;
}

export function toConversation(row: ConversationSource): Conversation {
	return {
		id: row.id,
		members: row.members.map(toPersonSummary),
		lastMessage: row.last_message ? toMessage(row.last_message) : null,
		unreadCount: row.unread_count,
		lastReadSeq: row.last_read_seq,
		lastReadMessageId: row.last_read_message_id,
		readers: row.readers.map((r) => ({ userId: r.user_id, lastReadSeq: r.last_read_seq, lastReadMessageId: r.last_read_message_id })),
		updatedAt: iso(row.updated_at)
	};
}
