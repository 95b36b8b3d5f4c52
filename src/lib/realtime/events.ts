/**
 * The one map of Socket.IO events, shared by server, browser, worker and tests.
 * Names are `noun:verb`: commands imperative, facts past tense.
 */
import type { Video, VideoStatusName } from '../server/videos/video.dto';
import type { Comment, CommentTombstone } from '../server/comments/comment.dto';
import type { Message } from '../server/messaging/message.dto';
import type { Participant, Reconnecting, ReviewSession } from '../server/review/review-session.dto';
import type { Stroke } from '../review/drawing';
import type { PlaybackChange, PlaybackState } from '../review/playback';
import type { NotificationPayload } from './notifications';

/** Acknowledgement of a client command. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Why the server ended a socket's session; the client can tell its user. */
export type SessionEndReason = 'logout' | 'password_reset' | 'deactivated' | 'expired';

/** Payload of `session:revoked`. */
export interface SessionRevoked {
	reason: SessionEndReason;
}

export interface ServerToClientEvents {
	/** The session this socket signed in with ended; the server disconnects the socket right after. */
	'session:revoked': (payload: SessionRevoked) => void;
	/** A notification for this user was saved (sent to `user:{id}` after its transaction committed). */
	'notification:new': (notification: NotificationPayload) => void;
	/** A transcode moved on (to the owner's `user:{id}` room, at most 4 a second per video). */
	'video:progress': (payload: { videoId: number; status: VideoStatusName; progress: number }) => void;
	/** A video changed: it became playable, ready or failed, or its details were edited. */
	'video:updated': (payload: { video: Video }) => void;
	/**
	 * To `video:{id}` after the comment's transaction committed. Each `comment:*` event tells one
	 * change of the video's comments and carries the revision it produced (`comment.revision`,
	 * `revision`): one event per revision, so a client that sees one more than 1 past the last
	 * it applied has missed some and catches up with `?since=`.
	 */
	'comment:created': (payload: { comment: Comment }) => void;
	/** An edit, or a reply moved with its thread (one event per reply, each at its own revision). */
	'comment:updated': (payload: { comment: Comment }) => void;
	/** The tombstone: `id`, the ids of its replies (which went with it) and the deletion's revision. */
	'comment:deleted': (payload: CommentTombstone) => void;
	/** This socket was taken out of a video's room (unshared, made private, deleted). */
	'video:left': (payload: { videoId: number; reason: 'access_lost' | 'deleted' }) => void;
	/** To an invitee's `user:{id}` room: someone started a live review and asked them to join. */
	'review:invited': (payload: { session: ReviewSession }) => void;
	/** To `review:{id}` and the host's and invitees' other sockets (`user:{id}`): the host ended the session; the server takes the sockets out of the room. */
	'review:ended': (payload: { session: ReviewSession }) => void;
	/** To `review:{id}`: the shared playback state after a change (`by` who made it; null: a resync). */
	'review:state': (payload: { sessionId: number; state: PlaybackState; by: number | null }) => void;
	/**
	 * To `review:{id}`: who is in the session now (sent when someone joins, leaves or drops), and
	 * whose connection dropped within the grace period (`reconnecting`, not in `participants`).
	 */
	'review:presence': (payload: { sessionId: number; participants: Participant[]; reconnecting: Reconnecting[] }) => void;
	/** To the others in `review:{id}`: where someone points, 0..1 of the frame (null: hidden). */
	'review:pointer': (payload: { sessionId: number; userId: number; x: number | null; y: number | null }) => void;
	/** WebRTC signalling for the session's voice channel, from one participant to another. */
	'review:signal': (payload: { sessionId: number; fromUserId: number; signal: VoiceSignal }) => void;
	/**
	 * To the others in `review:{id}`: a stroke someone is drawing on the paused frame, as it grows
	 * (`stroke` null: that stroke was taken back; key `*` with null: all of theirs were cleared).
	 */
	'review:draw': (payload: { sessionId: number; userId: number; key: string; stroke: Stroke | null }) => void;
	/**
	 * To every member's `user:{id}` room (the sender's other tabs too) after the message committed.
	 * One event per change, each with the change's revision (`message.revision`), so a gap shows.
	 */
	'message:new': (payload: { message: Message }) => void;
	/** A message was edited or deleted (then without content), to every member, at its new `message.revision`. */
	'message:updated': (payload: { message: Message }) => void;
	/** A member's read position moved forward, to every member. */
	'message:read': (payload: MessageRead) => void;
	/** Another member is typing (at most one every 2 s per person and conversation). */
	'conversation:typing': (payload: { conversationId: number; userId: number }) => void;
}

/** Payload of `message:read`: `userId` has read every message up to `lastMessageId` (seq `lastReadSeq`). */
export interface MessageRead {
	conversationId: number;
	userId: number;
	lastMessageId: number;
	lastReadSeq: number;
}

/** What WebRTC peers exchange to connect: a session description or an ICE candidate. */
export type VoiceSignal =
	| { type: 'offer' | 'answer'; sdp: string }
	| { type: 'candidate'; candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment?: string | null } };

/**
 * Client commands: what each carries and what its ack answers with. The server checks every
 * payload at run time (`./schemas.ts`) and answers every command with an `Ack`.
 */
export interface Commands {
	/** Clock-offset probe: the client's send time comes back with the server's time, both in ms. */
	'time:ping': { payload: { clientTime: number }; result: { clientTime: number; serverTime: number } };
	/**
	 * Joins the video's room (`comment:*`, `video:left`) after the same access check as
	 * GET /api/videos/{id}; refused `not_found` for a video the caller may not see, and
	 * `too_many_rooms` past VIDEO_ROOMS_PER_SOCKET.
	 */
	'video:join': { payload: { videoId: number }; result: undefined };
	/** Leaves the video's room; answered ok whether or not the socket was in it. */
	'video:leave': { payload: { videoId: number }; result: undefined };
	/**
	 * Joins a live session's room (host or invitee who may still view the video; refused
	 * `session_ended` once it ended): the session with its state, who is there, the server's time.
	 */
	'review:join': {
		payload: { sessionId: number };
		result: { session: ReviewSession; participants: Participant[]; reconnecting: Reconnecting[]; serverTime: number };
	};
	'review:leave': { payload: { sessionId: number }; result: undefined };
	/**
	 * A playback change made against `baseVersion`; refused `stale` (and the current state sent as
	 * `review:state`) when someone else changed it first. The room hears the new `review:state`.
	 */
	'review:change': { payload: { sessionId: number; baseVersion: number; change: PlaybackChange }; result: { state: PlaybackState } };
	'review:pointer': { payload: { sessionId: number; x: number | null; y: number | null }; result: undefined };
	/** This participant's player is buffering (true) or playing again (false): playback holds for everyone meanwhile. */
	'review:waiting': { payload: { sessionId: number; waiting: boolean }; result: undefined };
	/** Relays a voice-channel signal to another participant's connections in the session. */
	'review:signal': { payload: { sessionId: number; toUserId: number; signal: VoiceSignal }; result: undefined };
	/** Shows the room a stroke being drawn (or takes one back, or `*` all): see `review:draw` above. */
	'review:draw': { payload: { sessionId: number; key: string; stroke: Stroke | null }; result: undefined };
	/**
	 * "I am typing" in a conversation the sender may post in, relayed to the other members as
	 * `conversation:typing`; `relayed: false` when one was relayed less than 2 s ago.
	 */
	'conversation:typing': { payload: { conversationId: number }; result: { relayed: boolean } };
}

/** How many video rooms one socket may be in at once (a page watches one; a few tabs share none). */
export const VIDEO_ROOMS_PER_SOCKET = 20;

export type CommandName = keyof Commands;
export type CommandPayload<C extends CommandName> = Commands[C]['payload'];
export type CommandResult<C extends CommandName> = Commands[C]['result'];

export type ClientToServerEvents = {
	[C in CommandName]: (payload: CommandPayload<C>, ack: (answer: Ack<CommandResult<C>>) => void) => void;
};

export interface InterServerEvents {}

export interface SocketData {
	userId: number;
	sessionId: string;
	/** When the session was last found valid (ms since the epoch); commands re-check it past a bound. */
	sessionCheckedAt: number;
}

/** Room names come from here, never from string literals elsewhere. */
export const rooms = {
	user: (id: number) => `user:${id}`,
	/** Every socket signed in with one session: ending the session ends exactly these. */
	session: (id: string) => `session:${id}`,
	video: (id: number) => `video:${id}`,
	/** Whether a room name is a video's room. */
	isVideo: (room: string) => /^video:\d+$/.test(room),
	review: (id: number) => `review:${id}`
};
