import type { Conversation, Message } from '../../src/lib/server/messaging/message.dto';
import type { TestApp } from './app';
import { jsonRequest, type Auth } from './relationships';

export const startAs = (app: TestApp, auth: Auth, userIds: unknown) => jsonRequest(app, 'POST', '/api/conversations', auth, { userIds });
export const postMessageAs = (app: TestApp, auth: Auth, conversationId: number, body: unknown) =>
	jsonRequest(app, 'POST', `/api/conversations/${conversationId}/messages`, auth, body);
export const readAs = (app: TestApp, auth: Auth, conversationId: number, lastMessageId: number) =>
	jsonRequest(app, 'PUT', `/api/conversations/${conversationId}/read`, auth, { lastMessageId });

/** The caller's conversation with one person (made if needed); throws unless 200/201. */
export async function conversationWith(app: TestApp, auth: Auth, userId: number): Promise<Conversation> {
	const response = await startAs(app, auth, [userId]);
	if (response.status !== 201 && response.status !== 200) throw new Error(`start: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { conversation: Conversation }).conversation;
}

/** Sends a message; throws unless 201. */
export async function send(app: TestApp, auth: Auth, conversationId: number, content: string, videoId?: number): Promise<Message> {
	const response = await postMessageAs(app, auth, conversationId, videoId === undefined ? { content } : { content, videoId });
	if (response.status !== 201) throw new Error(`send: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { message: Message }).message;
}

/** The caller's unread total (the navigation's count). */
export async function unreadTotalOf(app: TestApp, auth: Auth): Promise<number> {
	const response = await jsonRequest(app, 'GET', '/api/conversations/unread-count', auth);
	if (response.status !== 200) throw new Error(`unread-count: ${response.status}`);
	return ((await response.json()) as { unreadCount: number }).unreadCount;
}

/** A page of a conversation's messages (by seq, or with `?since=` the change feed). */
export interface MessagePageBody {
	messages: Message[];
	hasMore: boolean;
	/** The conversation's revision the answer was read at. */
	revision: number;
}

export async function pageOf(app: TestApp, auth: Auth, conversationId: number, query = ''): Promise<MessagePageBody> {
	const response = await jsonRequest(app, 'GET', `/api/conversations/${conversationId}/messages${query}`, auth);
	if (response.status !== 200) throw new Error(`messages: ${response.status} ${await response.text()}`);
	return (await response.json()) as MessagePageBody;
}
