// Who a co-review page shows in the session: the people in the room as the server last said,
// everyone this page has seen there, and whose connection dropped lately (reconnecting until
// their grace period ends on the server's clock, then left: a timer wakes the page for it).
import { presenceOf, type PresenceEntry } from '$lib/review/presence';
import type { Participant, Reconnecting, ReviewSession } from './review-types';
import type { PersonSummary } from './video-types';

export class RoomView {
	participants = $state.raw<Participant[]>([]);
	#seen = $state.raw<ReadonlySet<number>>(new Set());
	#reconnecting = $state.raw<ReadonlyMap<number, number>>(new Map());
	/** Bumped when a grace period ends, so the entries are read again. */
	#expired = $state(0);
	#timer: ReturnType<typeof setTimeout> | null = null;
	readonly #serverNow: () => number;

	constructor(serverNow: () => number) {
		this.#serverNow = serverNow;
	}

	/** What the server said (the join's answer or a `review:presence`). */
	update(participants: Participant[], reconnecting: readonly Reconnecting[]): void {
		this.participants = participants;
		const ids = participants.map((p) => p.user.id);
		if (ids.some((id) => !this.#seen.has(id))) this.#seen = new Set([...this.#seen, ...ids]);
		this.#reconnecting = new Map(reconnecting.map((r) => [r.userId, r.until]));
		this.#wakeAtExpiry();
	}

	entries(session: ReviewSession, me: number, joined: boolean): PresenceEntry<PersonSummary>[] {
		void this.#expired;
		const inRoom = new Set(this.participants.map((p) => p.user.id));
		return presenceOf({ host: session.host, invitees: session.invitees, inRoom, seen: this.#seen, reconnecting: this.#reconnecting, now: this.#serverNow(), me, joined });
	}

	/** Stops the timer (the page goes). */
	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#wakeAtExpiry(): void {
		this.stop();
		const now = this.#serverNow();
		const next = Math.min(...[...this.#reconnecting.values()].filter((until) => until > now));
		if (!Number.isFinite(next)) return;
		this.#timer = setTimeout(() => {
			this.#expired++;
			this.#wakeAtExpiry();
		}, next - now + 50);
	}
}
