import type { MessageRead } from '../../realtime/events';
import type { AppContext } from '../context';
import type { Message } from './message.dto';

// Messaging events go to each member's `user:{id}` room, after the change committed: every tab
// of every member hears them, on whichever node it is connected to.

export function announceMessage(ctx: AppContext, members: number[], event: 'message:new' | 'message:updated', message: Message): void {
	for (const userId of members) ctx.realtime.toUser(userId).emit(event, { message });
}

export function announceRead(ctx: AppContext, members: number[], read: MessageRead): void {
	for (const userId of members) ctx.realtime.toUser(userId).emit('message:read', read);
}

export function announceTyping(ctx: AppContext, others: number[], typing: { conversationId: number; userId: number }): void {
	for (const userId of others) ctx.realtime.toUser(userId).emit('conversation:typing', typing);
}
