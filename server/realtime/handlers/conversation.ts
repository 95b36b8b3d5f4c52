import { relayTyping } from '../../../src/lib/server/messaging/conversations.service';
import type { HandlerTable } from './types';

/**
 * Conversations need no rooms: their events go to the members' `user:{id}` rooms. The typing
 * signal is checked like sending (a member who may still post) and throttled per person.
 */
export const conversationHandlers = {
	'conversation:typing': ({ conversationId }, { ctx, socket }) => relayTyping(ctx, socket.data.userId, conversationId)
} satisfies Pick<HandlerTable, 'conversation:typing'>;
