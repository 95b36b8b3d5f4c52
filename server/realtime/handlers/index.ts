import { conversationHandlers } from './conversation';
import { reviewHandlers } from './review';
import { timeHandlers } from './time';
import { videoHandlers } from './video';
import type { HandlerTable } from './types';

export type { CommandContext, CommandHandler, HandlerTable, ServerSocket } from './types';

/** Every client command's handler, one file per domain. */
export const handlers: HandlerTable = {
	...timeHandlers,
	...videoHandlers,
	...reviewHandlers,
	...conversationHandlers
};
