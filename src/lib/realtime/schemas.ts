import { z } from 'zod';
import type { CommandName, CommandPayload } from './events';

/**
 * The run-time check of every client command's payload. Typed against the event map, so a
 * command without a schema, or a schema that drifts from its payload type, does not compile.
 */
const videoId = z.object({ videoId: z.number().int().positive().max(2_147_483_647) }).strict();

export const commandSchemas: { [C in CommandName]: z.ZodType<CommandPayload<C>> } = {
	'time:ping': z.object({ clientTime: z.number().finite() }).strict(),
	'video:join': videoId,
	'video:leave': videoId
};
