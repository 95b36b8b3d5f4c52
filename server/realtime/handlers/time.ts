import type { HandlerTable } from './types';

/** Clock: co-review measures its offset to the server's time with these round trips. */
export const timeHandlers = {
	'time:ping': ({ clientTime }) => ({ clientTime, serverTime: Date.now() })
} satisfies Pick<HandlerTable, 'time:ping'>;
