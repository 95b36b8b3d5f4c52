import { z } from 'zod';

/** The longest message, in characters after trimming. */
export const MESSAGE_MAX_LENGTH = 4000;
/** The most messages one GET answers with. */
export const MESSAGE_PAGE_MAX = 200;

const rowId = (name: string) =>
	z
		.number({ error: `${name} must be a number.` })
		.int(`${name} must be a whole number.`)
		.positive(`${name} must be positive.`)
		.max(2_147_483_647, `${name} is not an id.`);

/** A position in a query string: a whole number from 1 (seq, cursor). */
const position = (name: string, what: string) =>
	z
		.string({ error: `${name} must be ${what}.` })
		.regex(/^[1-9]\d{0,9}$/, `${name} must be ${what}.`)
		.transform(Number)
		.refine((n) => n <= 2_147_483_647, `${name} must be ${what}.`)
		.optional();

const limit = (max: number, fallback: number) =>
	z.coerce
		.number({ error: 'limit must be a number.' })
		.int('limit must be a whole number.')
		.min(1, 'limit must be at least 1.')
		.max(max, `limit must be at most ${max}.`)
		.default(fallback);

const content = z
	.string({ error: 'content must be text.' })
	.trim()
	.min(1, 'Write a message.')
	.max(MESSAGE_MAX_LENGTH, `A message must be at most ${MESSAGE_MAX_LENGTH} characters.`);

/** One other person for now: a one-to-one conversation. */
export const createConversationSchema = z
	.object({
		userIds: z
			.array(rowId('userIds'), { error: 'userIds must be a list of user ids.' })
			.length(1, 'Name exactly one person: conversations are one to one for now.')
	})
	.strict();
export type CreateConversationInput = z.infer<typeof createConversationSchema>;

export const conversationListSchema = z.object({
	/** nextCursor of the previous page. */
	cursor: position('cursor', 'a cursor from this list'),
	limit: limit(100, 30)
});
export type ConversationListQuery = z.output<typeof conversationListSchema>;

/** A revision in a query string: a whole number from 0. */
const revision = (name: string) =>
	z
		.string({ error: `${name} must be a revision (a whole number from 0).` })
		.regex(/^(0|[1-9]\d{0,9})$/, `${name} must be a revision (a whole number from 0).`)
		.transform(Number)
		.refine((n) => n <= 2_147_483_647, `${name} must be a revision (a whole number from 0).`)
		.optional();

/**
 * By seq: `after` answers what came after it (oldest first), `before` what came before it (the
 * newest of those, still oldest first); neither, the newest page. By revision: `since` answers
 * every message changed after it (the change feed, a resync), alone.
 */
export const messageListSchema = z
	.object({
		after: position('after', 'a message seq'),
		before: position('before', 'a message seq'),
		since: revision('since'),
		limit: limit(MESSAGE_PAGE_MAX, 50)
	})
	.refine((query) => query.since === undefined || (query.after === undefined && query.before === undefined), {
		message: 'Ask with since alone, not with after or before.',
		path: ['since']
	});
export type MessageListQuery = z.output<typeof messageListSchema>;

export const sendMessageSchema = z.object({ content, videoId: rowId('videoId').optional() }).strict();
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ content }).strict();
export type EditMessageInput = z.infer<typeof editMessageSchema>;

export const readSchema = z.object({ lastMessageId: rowId('lastMessageId') }).strict();
export type ReadInput = z.infer<typeof readSchema>;
