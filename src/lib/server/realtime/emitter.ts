import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import type { Server } from 'socket.io';
import {
	rooms,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SessionEndReason,
	type SocketData
} from '../../realtime/events';
import type { Logger } from '../logger';

/** A Socket.IO server typed by the one event map. */
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventArgs<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>;

/** The sockets in one room, on every node. */
export interface RealtimeTarget {
	emit<E extends ServerEventName>(event: E, ...args: ServerEventArgs<E>): void;
	/** Makes these sockets leave a room, e.g. a video's room when its owner stops sharing it. */
	leave(room: string): void;
	/** Tells these sockets their session ended (`session:revoked` with the reason), then disconnects them. */
	end(reason: SessionEndReason): void;
}

/**
 * How services push events: to a room, a user's sockets or one session's sockets, on every node.
 * Works in the web process (through its Socket.IO server and adapter) and in a process without
 * one, such as the worker (through Redis). Call it after the transaction commits.
 */
export interface RealtimeEmitter {
	/** `except`: sockets in any of these rooms are left out (e.g. the users still allowed in). */
	to(room: string, options?: { except?: string[] }): RealtimeTarget;
	toUser(userId: number): RealtimeTarget;
	toSession(sessionId: string): RealtimeTarget;
	/** The web process hands over its Socket.IO server, which then carries every emit. */
	attach(io: RealtimeServer): void;
	detach(io: RealtimeServer): void;
}

/** What the two ways of reaching sockets have in common (Socket.IO's and the Redis emitter's operators). */
interface Operator {
	except(rooms: string[]): Operator;
	emit(event: string, ...args: unknown[]): unknown;
	socketsLeave(room: string): void;
	disconnectSockets(close?: boolean): void;
}

/** The channel prefix the Redis adapter and the Redis emitter must share. */
export const socketIoRedisKey = (keyPrefix: string) => `${keyPrefix}:socket.io`;

export interface EmitterOptions {
	/** The process's Redis client, when REDIS_URL is set: used only to publish. */
	redis: Redis | undefined;
	keyPrefix: string;
	logger: Logger;
}

export function createRealtimeEmitter(options: EmitterOptions): RealtimeEmitter {
	const { redis, logger } = options;
	let local: RealtimeServer | undefined;
	// The emitter does not await its PUBLISHes; a failed one must be logged, not crash the process.
	const publisher = redis && {
		publish: (channel: string, message: string | Buffer) =>
			redis.publish(channel, message).catch((error: Error) => {
				logger.error({ err: error.message }, 'redis publish failed (realtime emitter)');
				return 0;
			})
	};
	const remote = publisher ? new Emitter<ServerToClientEvents>(publisher, { key: socketIoRedisKey(options.keyPrefix) }) : undefined;

	/**
	 * `everywhere` reaches every node. With the Redis adapter, its joins, leaves and disconnects
	 * take a round trip through Redis even for this node's sockets, so `here` applies them to
	 * this node's at once, and still does when Redis is down.
	 */
	const sockets = (room: string, except: string[]): { here?: Operator; everywhere: Operator } | undefined => {
		if (local) return { here: local.local.in(room).except(except), everywhere: local.in(room).except(except) };
		if (remote) return { everywhere: remote.in(room).except(except) };
		logger.debug({ room }, 'no Socket.IO server or Redis in this process: realtime event dropped');
		return undefined;
	};

	const target = (room: string, except: string[] = []): RealtimeTarget => ({
		emit(event, ...args) {
			sockets(room, except)?.everywhere.emit(event, ...args);
		},
		leave(other) {
			const found = sockets(room, except);
			found?.here?.socketsLeave(other);
			found?.everywhere.socketsLeave(other);
		},
		end(reason) {
			const found = sockets(room, except);
			if (!found) return;
			// The reason goes first; on each node, the disconnect follows it on the same connection.
			found.everywhere.emit('session:revoked', { reason });
			found.here?.disconnectSockets(true);
			found.everywhere.disconnectSockets(true);
		}
	});

	return {
		to: (room, options) => target(room, options?.except),
		toUser: (userId) => target(rooms.user(userId)),
		toSession: (sessionId) => target(rooms.session(sessionId)),
		attach(io) {
			local = io;
		},
		detach(io) {
			if (local === io) local = undefined;
		}
	};
}
