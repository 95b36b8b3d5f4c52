/**
 * The one map of Socket.IO events, shared by server, browser, worker and tests.
 * Names are `noun:verb`: commands imperative, facts past tense.
 */
import type { NotificationPayload } from './notifications';

/** Acknowledgement of a client command. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
	/** The session this socket signed in with ended (logout, password reset). */
	'session:revoked': () => void;
	/** A notification for this user was saved (sent to `user:{id}` after its transaction committed). */
	'notification:new': (notification: NotificationPayload) => void;
}

export interface ClientToServerEvents {
	/** Round-trip for clock-offset measurement: the server answers with its time in ms. */
	'time:ping': (ack: (serverTime: number) => void) => void;
}

export interface InterServerEvents {}

export interface SocketData {
	userId: number;
	sessionId: string;
}

/** Room names come from here, never from string literals elsewhere. */
export const rooms = {
	user: (id: number) => `user:${id}`,
	video: (id: number) => `video:${id}`,
	review: (id: number) => `review:${id}`
};
