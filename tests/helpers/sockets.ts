import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SessionRevoked } from '../../src/lib/realtime/events';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The longest a handshake may take in a test before it counts as hung. */
export const HANDSHAKE_TIMEOUT_MS = 5000;

export interface DialOptions {
	token?: string;
	cookie?: string;
	/** The Origin header a browser page would send; socket.io-client under Bun sends none. */
	origin?: string;
}

/** Opens a websocket to `url`, never reconnecting, and adds it to `open` for the test's cleanup. */
export function dial(url: string, open: ClientSocket[], options: DialOptions = {}): ClientSocket {
	const headers: Record<string, string> = {};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.origin) headers.origin = options.origin;
	const socket: ClientSocket = connect(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		auth: options.token ? { token: options.token } : {},
		extraHeaders: headers
	});
	open.push(socket);
	return socket;
}

/**
 * 'connected' or the refusal message. A handshake that answers neither within the bound rejects,
 * so a hanging handshake fails its test instead of stalling it.
 */
export function outcome(socket: ClientSocket, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<string> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no handshake answer within ${timeoutMs} ms`)), timeoutMs);
		socket.once('connect', () => {
			clearTimeout(timer);
			resolve('connected');
		});
		socket.once('connect_error', (error) => {
			clearTimeout(timer);
			resolve(error.message);
		});
	});
}

export async function connected(socket: ClientSocket): Promise<ClientSocket> {
	const result = await outcome(socket);
	if (result !== 'connected') throw new Error(`socket refused: ${result}`);
	return socket;
}

/** What a socket heard when its session ended: the reason and the disconnect that followed. */
export interface Ending {
	revoked: SessionRevoked | undefined;
	disconnect: string;
}

/**
 * Watches a connected socket for the server ending it. Rejects if it is still connected after
 * `withinMs`; `revoked` is what `session:revoked` carried before the disconnect (if anything).
 */
export function ending(socket: ClientSocket, withinMs: number): Promise<Ending> {
	return new Promise((resolve, reject) => {
		let revoked: SessionRevoked | undefined;
		const timer = setTimeout(() => reject(new Error(`socket still connected after ${withinMs} ms`)), withinMs);
		socket.once('session:revoked', (payload) => {
			revoked = payload;
		});
		socket.once('disconnect', (reason) => {
			clearTimeout(timer);
			resolve({ revoked, disconnect: reason });
		});
	});
}

/** Sends a command (any payload, so tests can send wrong ones) and waits for its ack. */
export function command(socket: ClientSocket, name: string, ...payload: unknown[]): Promise<Ack<unknown>> {
	const untyped = socket as unknown as Socket;
	return untyped.timeout(HANDSHAKE_TIMEOUT_MS).emitWithAck(name, ...payload) as Promise<Ack<unknown>>;
}

type EventName = keyof ServerToClientEvents;
type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Resolves with the next `event` the socket hears, or rejects after `withinMs`. */
export function nextEvent<E extends EventName>(socket: ClientSocket, event: E, withinMs = 5000): Promise<EventPayload<E>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event, listener as never);
			reject(new Error(`no ${event} within ${withinMs} ms`));
		}, withinMs);
		const listener = (payload: EventPayload<E>) => {
			clearTimeout(timer);
			socket.off(event, listener as never);
			resolve(payload);
		};
		socket.on(event, listener as never);
	});
}

/** Every `event` the socket hears from now on, in order. */
export function recordEvents<E extends EventName>(socket: ClientSocket, event: E): EventPayload<E>[] {
	const heard: EventPayload<E>[] = [];
	socket.on(event, ((payload: EventPayload<E>) => heard.push(payload)) as never);
	return heard;
}
