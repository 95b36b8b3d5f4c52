// The live co-review sessions a page shows (the video page's Join banner, the app's invitation
// toasts), kept by `review:invited` / `review:ended` and fetched again on every (re)connect.
// A fetch answers for the moment the server read it, so an end that arrives while it is in
// flight must not bring a session back, an invitation that arrived meanwhile must not be
// dropped, and an older fetch that answers after a newer one is ignored.

interface Live {
	id: number;
}

export class LiveSessionList<S extends Live> {
	#sessions: S[];
	readonly #ended = new Set<number>();
	#invitedSince: S[] = [];
	#latest = 0;

	constructor(initial: readonly S[] = []) {
		this.#sessions = [...initial];
	}

	get sessions(): readonly S[] {
		return this.#sessions;
	}

	/** An invitation arrived: shown first (replacing an older copy); a session seen ending stays gone. */
	invited(session: S): readonly S[] {
		if (this.#ended.has(session.id)) return this.#sessions;
		this.#invitedSince.push(session);
		this.#sessions = [session, ...this.#sessions.filter((s) => s.id !== session.id)];
		return this.#sessions;
	}

	/** A session ended (for good: ids are never reused). */
	ended(id: number): readonly S[] {
		this.#ended.add(id);
		this.#sessions = this.#sessions.filter((s) => s.id !== id);
		return this.#sessions;
	}

	/** Taken off this list (dismissed here) without counting as ended: a new invitation shows again. */
	drop(id: number): readonly S[] {
		this.#sessions = this.#sessions.filter((s) => s.id !== id);
		return this.#sessions;
	}

	/** Before a fetch: the ticket its answer is applied with. */
	beginFetch(): number {
		this.#invitedSince = [];
		return ++this.#latest;
	}

	/** A fetch's answer, merged with what events said since it began; null if a newer fetch began. */
	applyFetch(ticket: number, fetched: readonly S[]): readonly S[] | null {
		if (ticket !== this.#latest) return null;
		const missing = this.#invitedSince.filter((s) => !fetched.some((f) => f.id === s.id));
		this.#sessions = [...missing, ...fetched].filter((s) => !this.#ended.has(s.id));
		return this.#sessions;
	}
}
