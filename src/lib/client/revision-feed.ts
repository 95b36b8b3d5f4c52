// A client's place in a change feed numbered by revision (a video's comments, a conversation's
// messages): every change up to `revision` is applied; changes heard live past a missing one are
// held in `ahead` until it arrives or the feed is read. Shared by comment-merge.ts and
// message-merge.ts, which keep the items; this keeps the count.

export interface FeedCursor {
	/** Every change up to this revision is applied: `?since=` starts here. */
	revision: number;
	/**
	 * Revisions past `revision` already applied (live events that came after one not seen yet):
	 * a gap. When the missing ones arrive, `revision` moves up through these.
	 */
	ahead: ReadonlySet<number>;
}

/** The cursor once `to` is known complete: `revision` moves there, and on through what is ahead. */
export function settleCursor<C extends FeedCursor>(cursor: C, to: number): C {
	let revision = Math.max(cursor.revision, to);
	const ahead = new Set([...cursor.ahead].filter((r) => r > revision));
	while (ahead.delete(revision + 1)) revision++;
	return revision === cursor.revision && ahead.size === cursor.ahead.size ? cursor : { ...cursor, revision, ahead };
}

/**
 * A change heard live (or answered to our own request) was applied at `revision`: one past the
 * cursor moves it on; further past is held in `ahead` (events can reach a client out of order
 * across nodes) until what lies between arrives or the feed covers it.
 */
export function noteLive<C extends FeedCursor>(cursor: C, revision: number): C {
	if (revision <= cursor.revision || cursor.ahead.has(revision)) return cursor;
	return settleCursor({ ...cursor, ahead: new Set([...cursor.ahead, revision]) }, cursor.revision);
}

/**
 * A page of the feed was applied: the cursor moves to its last entry (the feed holds every change
 * up to there), or, on the last page, to the revision the answer goes up to.
 */
export function notePage<C extends FeedCursor>(cursor: C, page: { lastRevision: number | undefined; hasMore: boolean; revision: number }): C {
	const last = page.lastRevision ?? cursor.revision;
	return settleCursor(cursor, page.hasMore ? last : Math.max(last, page.revision));
}

/** Something was applied past a change not seen yet: read the feed. */
export const hasGap = (cursor: FeedCursor): boolean => cursor.ahead.size > 0;

/**
 * Reads the feed from `since` to its end, handing each page to `onPage`. Each next page starts
 * from the last one's final revision, never from the revision held meanwhile: a change heard live
 * while the pages load may lie past changes not fetched yet. False when a page failed.
 */
export async function readFeed<P extends { hasMore: boolean }>(options: {
	since: number;
	fetchPage: (since: number) => Promise<P | undefined>;
	lastRevision: (page: P) => number | undefined;
	onPage: (page: P) => void;
}): Promise<boolean> {
	let cursor = options.since;
	for (let pages = 0; pages < 1000; pages++) {
		const page = await options.fetchPage(cursor);
		if (!page) return false;
		options.onPage(page);
		const last = options.lastRevision(page);
		if (!page.hasMore || last === undefined) return true;
		cursor = last;
	}
	return true;
}

/**
 * `task`, run so that two runs never overlap: a call while one runs asks for one more run after
 * it (however many calls came), since what the caller wants may have arrived after the running
 * one read. The task answers false to stop there (a failure: the next connect tries again).
 */
export function coalesced(task: () => Promise<boolean>): () => Promise<void> {
	let running = false;
	let again = false;
	return async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				if (!(await task())) return;
			} while (again);
		} finally {
			running = false;
		}
	};
}
