// The browser side of one live co-review session. The server's state is authoritative: this page
// joins the room on every (re)connect and takes the state from the join's answer, applies every
// `review:state`, and sends the person's own changes as `review:change` against the version it
// holds (shown at once, replaced by the server's state if refused). Every TICK ms its
// PlayerFollower holds the <video> to where the state says playback is on the server's clock
// (coreview-player.svelte.ts), and reports the player's buffering so that playback holds for
// everyone meanwhile.
import { mayControl, sameCourse, waitingNotice } from '$lib/review/follow';
import { applyChange, initialState, type PlaybackChange, type PlaybackState } from '$lib/review/playback';
import { POINTER_INTERVAL, throttle, type Throttle } from '$lib/review/pointer';
import type { PresenceEntry } from '$lib/review/presence';
import { CLOCK_PROBE_INTERVAL, ServerClock } from './coreview-clock';
import { PlayerFollower } from './coreview-player.svelte';
import { RoomView } from './coreview-presence.svelte';
import { announceChange } from './coreview-words';
import type { Participant, Reconnecting, ReviewSession } from './review-types';
import { useSocket, type BrowserSocket } from './socket';
import type { PersonSummary } from './video-types';

/** How often the player is held to the state (ms). */
export const TICK = 250;
const COMMAND_TIMEOUT = 8000;

export type CoReviewConnection = 'connecting' | 'live' | 'offline';

export class CoReview {
	session: ReviewSession;
	/** What the player follows: the server's state, or a change of ours it has not answered yet. */
	state: PlaybackState;
	connection = $state<CoReviewConnection>('connecting');
	/** The session as it ended (the host ended it), or null while it runs. */
	ended = $state.raw<ReviewSession | null>(null);
	/** Why this page cannot be in the session (refused join), in words. */
	refused = $state<string | null>(null);
	/** The last refused change or failed request, in words; cleared by the next success. */
	problem = $state<string | null>(null);
	/** Others' pointers over the frame, 0..1. */
	pointers = $state.raw<ReadonlyMap<number, { x: number; y: number }>>(new Map());
	/** The last change someone else made, for a screen reader. */
	announcement = $state('');
	/** Set by the shared Playback: told the session's loop whenever the state changes. */
	onloop: ((loop: PlaybackState['loop']) => void) | null = null;

	readonly me: number;
	readonly #duration: () => number | null;
	#confirmed: PlaybackState;
	#clock = new ServerClock();
	#room = new RoomView(() => this.#clock.now());
	#socket: BrowserSocket | null = null;
	#player = new PlayerFollower({
		state: () => this.state,
		serverNow: () => this.serverNow(),
		duration: () => this.#duration(),
		following: () => !this.ended && this.connection === 'live',
		sendWaiting: (waiting) => this.#sendWaiting(waiting)
	});
	#queue: Promise<void> = Promise.resolve();
	#pointer: Throttle<{ x: number; y: number } | null> | null = null;

	constructor(session: ReviewSession, me: number, duration: () => number | null) {
		this.session = $state.raw(session);
		this.me = me;
		this.#duration = duration;
		this.#confirmed = session.playback ?? initialState(0);
		this.state = $state.raw(this.#confirmed);
		if (session.status === 'ended') this.ended = session;
	}

	get isHost(): boolean {
		return this.session.host.id === this.me;
	}
	/** Someone else holds the controls: this page's changes would be refused. */
	get locked(): boolean {
		return !mayControl(this.state, this.me);
	}
	get people(): PersonSummary[] {
		return [this.session.host, ...this.session.invitees];
	}
	nameOf(userId: number): string {
		return this.people.find((p) => p.id === userId)?.fullName ?? 'Someone';
	}
	get controller(): PersonSummary | null {
		const id = this.state.controllerId;
		return id === null ? null : (this.people.find((p) => p.id === id) ?? null);
	}
	get waiting(): string | null {
		return waitingNotice(this.state.waitingFor, this.me, (id) => this.nameOf(id));
	}
	/** The people in the room now, as the server last said. */
	get participants(): Participant[] {
		return this.#room.participants;
	}
	get presence(): PresenceEntry<PersonSummary>[] {
		return this.#room.entries(this.session, this.me, this.connection === 'live');
	}
	/** The browser refused to start playback without a click here (autoplay rules). */
	get needsGesture(): boolean {
		return this.#player.needsGesture;
	}
	/** The server's clock now (ms), as measured. */
	serverNow(): number {
		return this.#clock.now();
	}

	/** Joins now and on every reconnect, until the returned function is called (an `$effect` cleanup). */
	connect(): () => void {
		const { socket, release } = useSocket();
		this.#socket = socket;
		const sessionId = this.session.id;
		const mine = (payload: { sessionId: number }) => payload.sessionId === sessionId;
		const join = () => {
			if (this.ended || this.refused) return;
			this.connection = 'connecting';
			const sent = Date.now();
			socket.timeout(COMMAND_TIMEOUT).emit('review:join', { sessionId }, (error, ack) => {
				if (error) return void (this.connection = 'offline');
				if (!ack.ok) {
					this.connection = 'offline';
					if (ack.error.code === 'session_ended') this.ended = { ...this.session, status: 'ended', playback: null };
					else this.refused = ack.error.message;
					return;
				}
				this.#clock.add({ sent, serverTime: ack.data.serverTime, received: Date.now() });
				this.session = ack.data.session;
				this.#presence(ack.data.participants, ack.data.reconnecting);
				if (ack.data.session.playback) this.#adopt(ack.data.session.playback, null, true);
				this.connection = 'live';
				void this.#clock.probe(socket, true).then(() => this.#player.tick());
			});
		};
		const onState = (payload: { sessionId: number; state: PlaybackState; by: number | null }) => {
			if (mine(payload)) this.#adopt(payload.state, payload.by, false);
		};
		const onPresence = (payload: { sessionId: number; participants: Participant[]; reconnecting: Reconnecting[] }) => {
			if (mine(payload)) this.#presence(payload.participants, payload.reconnecting);
		};
		const onPointer = (payload: { sessionId: number; userId: number; x: number | null; y: number | null }) => {
			if (!mine(payload) || payload.userId === this.me) return;
			const next = new Map(this.pointers);
			if (payload.x === null || payload.y === null) next.delete(payload.userId);
			else next.set(payload.userId, { x: payload.x, y: payload.y });
			this.pointers = next;
		};
		const onEnded = (payload: { session: ReviewSession }) => {
			if (payload.session.id !== sessionId) return;
			this.ended = payload.session;
			this.session = payload.session;
			this.pointers = new Map();
			this.#player.pause();
		};
		const onDisconnect = () => {
			if (!this.ended) this.connection = 'offline';
		};
		// Closing or reloading the tab is leaving, not a dropped connection: say so before it goes
		// (the server then shows "left" at once); a page restored from the back/forward cache returns.
		const onHide = () => socket.disconnect();
		const onShow = (event: PageTransitionEvent) => {
			if (event.persisted && socket.disconnected) socket.connect();
		};
		addEventListener('pagehide', onHide);
		addEventListener('pageshow', onShow);
		socket.on('connect', join);
		socket.on('disconnect', onDisconnect);
		socket.on('review:state', onState);
		socket.on('review:presence', onPresence);
		socket.on('review:pointer', onPointer);
		socket.on('review:ended', onEnded);
		if (socket.connected) join();
		this.#pointer = throttle(POINTER_INTERVAL, (at) => {
			if (this.connection === 'live') socket.volatile.emit('review:pointer', { sessionId, x: at?.x ?? null, y: at?.y ?? null }, () => {});
		});
		const ticker = setInterval(() => this.#player.tick(), TICK);
		const prober = setInterval(() => {
			if (this.connection === 'live') void this.#clock.probe(socket, false);
		}, CLOCK_PROBE_INTERVAL);
		return () => {
			clearInterval(ticker);
			clearInterval(prober);
			this.#room.stop();
			removeEventListener('pagehide', onHide);
			removeEventListener('pageshow', onShow);
			this.#pointer?.cancel();
			socket.off('connect', join);
			socket.off('disconnect', onDisconnect);
			socket.off('review:state', onState);
			socket.off('review:presence', onPresence);
			socket.off('review:pointer', onPointer);
			socket.off('review:ended', onEnded);
			if (socket.connected && this.connection === 'live') socket.emit('review:leave', { sessionId }, () => {});
			this.#socket = null;
			release();
		};
	}

	/** Holds this <video> to the session until the returned function is called. */
	bind(element: HTMLVideoElement): () => void {
		return this.#player.bind(element);
	}

	/** A change the person made here: shown at once, then sent in order (each against the version before it). */
	propose(change: PlaybackChange): void {
		if (this.ended || this.refused) return;
		if (change.type !== 'control' && this.locked) {
			this.problem = `${this.controller?.fullName ?? 'Someone else'} has the controls now.`;
			return;
		}
		const predicted = applyChange(this.state, change, { baseVersion: this.state.version, now: this.serverNow(), duration: this.#duration() });
		if (predicted.ok) {
			this.state = predicted.state;
			this.#player.settle();
			this.#syncLoop();
			this.#player.tick();
		}
		this.#queue = this.#queue.then(() => this.#send(change));
	}

	/** Where this person points over the frame (0..1), or null: sent at most 20 times a second. */
	point(at: { x: number; y: number } | null): void {
		this.#pointer?.push(at);
	}

	/** After a click: the browser lets playback start now. */
	startHere(): void {
		this.#player.needsGesture = false;
		this.#player.tick();
	}

	/** Ends the session for everyone (the host). */
	async end(): Promise<void> {
		const response = await fetch(`/api/review-sessions/${this.session.id}/end`, { method: 'POST', headers: { accept: 'application/json' } }).catch(() => null);
		const body = (await response?.json().catch(() => null)) as { session?: ReviewSession; error?: { message: string } } | null;
		if (response?.ok && body?.session) {
			this.ended = body.session;
			this.session = body.session;
			this.#player.pause();
		} else this.problem = body?.error?.message ?? 'The session could not be ended. Please try again.';
	}

	#send(change: PlaybackChange): Promise<void> {
		const socket = this.#socket;
		if (!socket || this.connection !== 'live') {
			this.#revert('You are not connected to the session; your change was not shared.');
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			socket.timeout(COMMAND_TIMEOUT).emit('review:change', { sessionId: this.session.id, baseVersion: this.#confirmed.version, change }, (error, ack) => {
				if (error) this.#revert('The session did not answer; your change was not shared.');
				else if (!ack.ok) this.#revert(ack.error.message);
				else {
					this.problem = null;
					this.#adopt(ack.data.state, this.me, false);
				}
				resolve();
			});
		});
	}

	/** A change of ours was refused: back to the server's state (a resync may bring a newer one). */
	#revert(message: string): void {
		this.problem = message;
		this.state = this.#confirmed;
		this.#syncLoop();
		this.#player.tick();
	}

	#adopt(state: PlaybackState, by: number | null, always: boolean): void {
		if (!always && state.version < this.#confirmed.version) return;
		const before = this.#confirmed;
		this.#confirmed = state;
		if (!sameCourse(this.state, state, this.#duration())) this.#player.settle();
		this.state = state;
		if (by !== null && by !== this.me && state.version > before.version) this.announcement = announceChange(before, state, this.nameOf(by));
		this.#syncLoop();
		this.#player.tick();
	}

	#presence(participants: Participant[], reconnecting: Reconnecting[]): void {
		this.#room.update(participants, reconnecting);
		const ids = participants.map((p) => p.user.id);
		// A pointer of someone who left is not left behind.
		if ([...this.pointers.keys()].some((id) => !ids.includes(id))) this.pointers = new Map([...this.pointers].filter(([id]) => ids.includes(id)));
	}

	/** The player's loop buttons show the shared loop. */
	#syncLoop(): void {
		this.onloop?.(this.state.loop);
	}

	/** The player's buffering, for the others; false while there is no live connection to say it on. */
	#sendWaiting(waiting: boolean): boolean {
		if (!this.#socket || this.connection !== 'live') return false;
		this.#socket.emit('review:waiting', { sessionId: this.session.id, waiting }, () => {});
		return true;
	}
}
