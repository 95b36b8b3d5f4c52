import type { DisconnectReason } from 'socket.io';
import { rooms } from '../../../src/lib/realtime/events';
import type { AppContext } from '../../../src/lib/server/context';
import { AppError } from '../../../src/lib/server/errors';
import { assertMayJoin, changePlayback, recordPresence, roomPresence, setWaiting, stopWaitingFor } from '../../../src/lib/server/review/live.service';
import type { HandlerTable, ServerSocket } from './types';

const isReviewRoom = (room: string) => /^review:\d+$/.test(room);
const sessionIdOf = (room: string) => Number(room.slice('review:'.length));

/** Everyone in the session's room, on every node, to everyone in it. */
async function broadcastPresence(ctx: AppContext, socket: ServerSocket, sessionId: number): Promise<void> {
	const room = rooms.review(sessionId);
	try {
		const sockets = await socket.nsp.in(room).fetchSockets();
		const presence = await roomPresence(ctx, sessionId, sockets.map((s) => s.data.userId));
		socket.nsp.to(room).emit('review:presence', { sessionId, ...presence });
	} catch (error) {
		// With Redis down the other nodes cannot answer; presence catches up on the next change.
		ctx.logger.warn({ err: (error as Error).message, sessionId }, 'review presence not sent');
	}
}

function assertInRoom(socket: ServerSocket, sessionId: number): void {
	if (!socket.rooms.has(rooms.review(sessionId))) throw new AppError(409, 'not_joined', 'Join the session first.');
}

/**
 * Live co-review: the room of a session carries its shared playback state, who is there, and
 * pointers. Joining asks the access layer what GET /api/review-sessions/{id} asks, with the user
 * read afresh; every change asks again, so someone who lost the video cannot steer its playback.
 */
export const reviewHandlers = {
	'review:join': async ({ sessionId }, { ctx, socket }) => {
		const session = await assertMayJoin(ctx, socket.data.userId, sessionId);
		await socket.join(rooms.review(sessionId));
		await recordPresence(ctx, sessionId, socket.data.userId);
		const sockets = await socket.nsp.in(rooms.review(sessionId)).fetchSockets().catch(() => [socket]);
		const presence = await roomPresence(ctx, sessionId, sockets.map((s) => s.data.userId));
		socket.to(rooms.review(sessionId)).emit('review:presence', { sessionId, ...presence });
		return { session, ...presence, serverTime: Date.now() };
	},
	'review:leave': async ({ sessionId }, { ctx, socket }) => {
		if (!socket.rooms.has(rooms.review(sessionId))) return undefined;
		await socket.leave(rooms.review(sessionId));
		await afterLeaving(ctx, socket, sessionId);
		return undefined;
	},
	'review:change': async ({ sessionId, baseVersion, change }, { ctx, socket }) => {
		assertInRoom(socket, sessionId);
		const result = await changePlayback(ctx, socket.data.userId, sessionId, baseVersion, change);
		if (!result.ok) {
			// The sender's player follows the state it missed, whatever the refusal.
			if (result.state) socket.emit('review:state', { sessionId, state: result.state, by: null });
			throw result.error;
		}
		socket.nsp.to(rooms.review(sessionId)).emit('review:state', { sessionId, state: result.state, by: socket.data.userId });
		return { state: result.state };
	},
	'review:waiting': async ({ sessionId, waiting }, { ctx, socket }) => {
		assertInRoom(socket, sessionId);
		const state = await setWaiting(ctx, socket.data.userId, sessionId, waiting);
		if (state) socket.nsp.to(rooms.review(sessionId)).emit('review:state', { sessionId, state, by: null });
		return undefined;
	},
	'review:signal': async ({ sessionId, toUserId, signal }, { socket }) => {
		assertInRoom(socket, sessionId);
		// Only to the person's connections in this session: signalling reaches nobody outside it.
		const targets = (await socket.nsp.in(rooms.review(sessionId)).fetchSockets()).filter((s) => s.data.userId === toUserId && s.id !== socket.id);
		if (targets.length === 0) throw new AppError(404, 'not_found', 'That person is not in the session.');
		for (const target of targets) target.emit('review:signal', { sessionId, fromUserId: socket.data.userId, signal });
		return undefined;
	},
	'review:draw': ({ sessionId, key, stroke }, { socket }) => {
		assertInRoom(socket, sessionId);
		if (key === '*' && stroke) throw new AppError(400, 'invalid_input', 'Use a stroke key to draw; * only clears.');
		// Not volatile: a stroke that arrives late still belongs on the frame.
		socket.to(rooms.review(sessionId)).emit('review:draw', { sessionId, userId: socket.data.userId, key, stroke });
		return undefined;
	},
	'review:pointer': ({ sessionId, x, y }, { socket }) => {
		assertInRoom(socket, sessionId);
		// Pointers are many and short-lived: a late one is dropped rather than queued.
		socket.volatile.to(rooms.review(sessionId)).emit('review:pointer', { sessionId, userId: socket.data.userId, x, y });
		return undefined;
	}
} satisfies Pick<HandlerTable, 'review:join' | 'review:leave' | 'review:change' | 'review:waiting' | 'review:signal' | 'review:draw' | 'review:pointer'>;

/**
 * Disconnect reasons that mean the connection was lost, not ended: the client will try again, so
 * the others see the person as reconnecting for a while. A client's own disconnect (leaving the
 * page, signing out) and the server's (session ended) are deliberate.
 */
const DROPPED: ReadonlySet<DisconnectReason> = new Set<DisconnectReason>(['transport close', 'transport error', 'ping timeout', 'server shutting down']);

/**
 * After a socket left a session's room: the record, who is left, and, when it was the person's
 * last connection there, nobody waits for their buffering any more. `dropped`: the connection was
 * lost rather than closed (noted only when it was their last one, so another tab keeps them here).
 */
async function afterLeaving(ctx: AppContext, socket: ServerSocket, sessionId: number, dropped = false): Promise<void> {
	const userId = socket.data.userId;
	try {
		const remaining = await socket.nsp.in(rooms.review(sessionId)).fetchSockets();
		const gone = !remaining.some((s) => s.data.userId === userId);
		await recordPresence(ctx, sessionId, userId, dropped && gone);
		if (gone) {
			const state = await stopWaitingFor(ctx, userId, sessionId);
			if (state) socket.nsp.to(rooms.review(sessionId)).emit('review:state', { sessionId, state, by: null });
		}
	} catch (error) {
		ctx.logger.warn({ err: (error as Error).message, sessionId }, 'review leave bookkeeping failed');
	}
	await broadcastPresence(ctx, socket, sessionId);
}

/** When a socket goes, the rooms of the sessions it was in hear who is left, and whether it dropped. */
export function watchReviewDisconnects(ctx: AppContext, socket: ServerSocket): void {
	let left: number[] = [];
	socket.on('disconnecting', () => {
		left = [...socket.rooms].filter(isReviewRoom).map(sessionIdOf);
	});
	socket.on('disconnect', (reason) => {
		for (const sessionId of left) void afterLeaving(ctx, socket, sessionId, DROPPED.has(reason));
	});
}
