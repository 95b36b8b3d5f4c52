import { z } from 'zod';
import { strokeSchema } from '../server/comments/drawing.schemas';
import type { CommandName, CommandPayload } from './events';

const rowId = z.number().int().positive().max(2_147_483_647);
const seconds = z.number().finite().min(0).max(86_400);
const sessionId = z.object({ sessionId: rowId }).strict();
const videoId = z.object({ videoId: rowId }).strict();
const playbackChange = z.discriminatedUnion('type', [
	z.object({ type: z.literal('play'), position: seconds }).strict(),
	z.object({ type: z.literal('pause'), position: seconds }).strict(),
	z.object({ type: z.literal('seek'), position: seconds }).strict(),
	z.object({ type: z.literal('rate'), rate: z.number().finite() }).strict(),
	z.object({ type: z.literal('loop'), loop: z.object({ start: seconds, end: seconds }).strict().nullable() }).strict(),
	z.object({ type: z.literal('control'), controllerId: rowId.nullable() }).strict()
]);
const fraction = z.number().finite().min(0).max(1).nullable();
/** Session descriptions run to a few KB; anything far past that is not one. */
const voiceSignal = z.discriminatedUnion('type', [
	z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(64_000) }).strict(),
	z
		.object({
			type: z.literal('candidate'),
			candidate: z
				.object({
					candidate: z.string().max(2_000),
					sdpMid: z.string().max(64).nullable(),
					sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
					usernameFragment: z.string().max(256).nullable().optional()
				})
				.strict()
		})
		.strict()
]);

/**
 * The run-time check of every client command's payload. Typed against the event map, so a
 * command without a schema, or a schema that drifts from its payload type, does not compile.
 */
export const commandSchemas: { [C in CommandName]: z.ZodType<CommandPayload<C>> } = {
	'time:ping': z.object({ clientTime: z.number().finite() }).strict(),
	'review:join': sessionId,
	'review:leave': sessionId,
	'review:change': z.object({ sessionId: rowId, baseVersion: z.number().int().min(0), change: playbackChange }).strict(),
	'review:pointer': z.object({ sessionId: rowId, x: fraction, y: fraction }).strict(),
	'review:waiting': z.object({ sessionId: rowId, waiting: z.boolean() }).strict(),
	'review:signal': z.object({ sessionId: rowId, toUserId: rowId, signal: voiceSignal }).strict(),
	'review:draw': z.object({ sessionId: rowId, key: z.string().regex(/^(\*|[A-Za-z0-9_-]{1,40})$/), stroke: strokeSchema.nullable() }).strict(),
	'conversation:typing': z.object({ conversationId: rowId }).strict(),
	'video:join': videoId,
	'video:leave': videoId
};
