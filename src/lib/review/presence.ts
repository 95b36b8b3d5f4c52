// Who is in a live co-review, as the page shows it: everyone the session names (host first, then
// the invitees), each here, connecting, reconnecting, left or not joined yet. The server sends the
// people in the room and whose connection dropped lately; the rest follows from what this page
// has seen since it opened.

export type PresenceStatus = 'here' | 'connecting' | 'reconnecting' | 'left' | 'invited';

/**
 * How long someone whose connection dropped (rather than who left) shows as reconnecting before
 * they show as left (ms). Socket.IO's own reconnection starts within a few seconds.
 */
export const RECONNECT_GRACE_MS = 20_000;

export interface PresencePerson {
	id: number;
}

export interface PresenceInput<P extends PresencePerson> {
	host: P;
	invitees: readonly P[];
	/** Ids of the people in the room now, as the last `review:presence` (or the join) said. */
	inRoom: ReadonlySet<number>;
	/** Ids this page has seen in the room at some point. */
	seen: ReadonlySet<number>;
	/** Whose connection dropped, with when their grace period ends (server ms). */
	reconnecting: ReadonlyMap<number, number>;
	/** The server's time now (ms). */
	now: number;
	me: number;
	/** Whether this page is in the room (joined and connected). */
	joined: boolean;
}

export interface PresenceEntry<P extends PresencePerson> {
	person: P;
	status: PresenceStatus;
	isHost: boolean;
	isMe: boolean;
}

/**
 * Each person's status. This page's own is `connecting` until it is in the room; while it is not,
 * nothing it knows about the others is current, so they show as connecting too.
 */
export function presenceOf<P extends PresencePerson>(input: PresenceInput<P>): PresenceEntry<P>[] {
	const people = [input.host, ...input.invitees.filter((p) => p.id !== input.host.id)];
	return people.map((person) => {
		const isMe = person.id === input.me;
		const status: PresenceStatus = !input.joined
			? isMe || input.seen.has(person.id)
				? 'connecting'
				: 'invited'
			: input.inRoom.has(person.id)
				? 'here'
				: (input.reconnecting.get(person.id) ?? 0) > input.now
					? 'reconnecting'
					: input.seen.has(person.id)
						? 'left'
						: 'invited';
		return { person, status, isHost: person.id === input.host.id, isMe };
	});
}

export const PRESENCE_LABELS: Record<PresenceStatus, string> = {
	here: 'here',
	connecting: 'connecting',
	reconnecting: 'reconnecting…',
	left: 'left',
	invited: 'not joined yet'
};

/** How many participant colours the tokens define (`--participant-1` …). */
export const PARTICIPANT_COLOURS = 6;

/** A participant's colour (1-based token index): the host's is the first, then in the session's order. */
export function participantColour(order: readonly number[], userId: number): number {
	const index = order.indexOf(userId);
	return ((index < 0 ? userId : index) % PARTICIPANT_COLOURS) + 1;
}
