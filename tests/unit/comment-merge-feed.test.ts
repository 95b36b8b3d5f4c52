import { describe, expect, it } from 'bun:test';
import { applyLive, applyPage, emptySet, fromPage, hasGap, type CommentSet } from '../../src/lib/client/comment-merge';
import type { Comment, CommentChange, CommentChangePage, CommentTombstone } from '../../src/lib/client/comment-types';
import { pageChangesSince, type Result } from '../../src/lib/client/comments';

// The client's side of the change feed: revisions heard live and read from `?since=` pages,
// applied once each, in any order, with the resync cursor never moved past an unread page.

const author = { id: 1, username: 'ana', fullName: 'Ana', role: 'student' as const, profileImageUrl: null };

function comment(id: number, revision: number, over: Partial<Comment> = {}): Comment {
	return {
		id,
		videoId: 7,
		seq: id,
		revision,
		author,
		content: `comment ${id} at ${revision}`,
		timestamp: id,
		endTimestamp: null,
		category: null,
		parentCommentId: null,
		createdAt: '2026-12-07T12:00:00.000Z',
		updatedAt: '2026-12-07T12:00:00.000Z',
		edited: false,
		drawing: null,
		...over
	};
}

const tombstone = (id: number, revision: number, replyIds: number[] = []): CommentTombstone => ({
	id,
	videoId: 7,
	deleted: true,
	revision,
	parentCommentId: null,
	replyIds
});

const view = (set: CommentSet) => set.comments.map((c) => [c.id, c.content]);

/**
 * A video's changes as the server keeps them: each comment at its last revision, a tombstone per
 * deletion; `page` answers `?since=` like the API (by revision, `limit` a page).
 */
function serverFeed(log: CommentChange[], limit: number) {
	const latest = new Map<number, CommentChange>();
	for (const change of log) {
		latest.set(change.id, change);
		if ('deleted' in change) for (const id of change.replyIds) latest.delete(id);
	}
	const feed = [...latest.values()].sort((a, b) => a.revision - b.revision);
	const revision = Math.max(0, ...log.map((c) => c.revision));
	return (since: number): CommentChangePage => {
		const after = feed.filter((c) => c.revision > since);
		return { comments: after.slice(0, limit), hasMore: after.length > limit, revision };
	};
}

describe('revisions heard live', () => {
	it('move on one at a time, and hold one that came early until the one before it arrives', () => {
		let set = emptySet(10);
		set = applyLive(set, comment(1, 11));
		expect([set.revision, hasGap(set)]).toEqual([11, false]);
		set = applyLive(set, comment(2, 13));
		expect([set.revision, [...set.ahead], hasGap(set)]).toEqual([11, [13], true]);
		set = applyLive(set, comment(1, 12, { content: 'edited' }));
		expect([set.revision, hasGap(set)]).toEqual([13, false]);
		expect(view(set)).toEqual([
			[1, 'edited'],
			[2, 'comment 2 at 13']
		]);
	});

	it('apply an event once when it arrives twice, and ignore one already covered', () => {
		let set = applyLive(emptySet(4), comment(1, 5));
		const same = applyLive(set, comment(1, 5));
		expect(same).toBe(set);
		set = applyLive(set, comment(1, 6, { content: 'newer' }));
		expect(applyLive(set, comment(1, 5)).comments[0]?.content).toBe('newer');
	});

	it('take a deleted comment and its replies away for good', () => {
		let set = applyLive(emptySet(0), comment(1, 1));
		set = applyLive(set, comment(2, 2, { parentCommentId: 1 }));
		set = applyLive(set, tombstone(1, 3, [2]));
		expect(view(set)).toEqual([]);
		// A late copy (a slow fetch, a repeated event) does not bring either back.
		set = applyLive(set, comment(2, 2, { parentCommentId: 1 }));
		expect([view(set), set.revision]).toEqual([[], 3]);
	});
});

describe('a page of the change feed', () => {
	it('moves the revision to its last entry while more follow, and to the answer’s revision at the end', () => {
		let set = emptySet(3);
		set = applyPage(set, { comments: [comment(1, 4), comment(2, 6)], hasMore: true, revision: 20 });
		expect(set.revision).toBe(6);
		set = applyPage(set, { comments: [comment(3, 9)], hasMore: false, revision: 12 });
		expect(set.revision).toBe(12);
		set = applyPage(set, { comments: [], hasMore: false, revision: 12 });
		expect(set.revision).toBe(12);
	});

	it('closes a gap that live events left, and keeps what they applied ahead of it', () => {
		let set = applyLive(emptySet(5), comment(9, 9));
		expect(hasGap(set)).toBe(true);
		set = applyLive(set, comment(10, 10));
		set = applyPage(set, { comments: [comment(6, 6), comment(8, 8)], hasMore: false, revision: 8 });
		expect([set.revision, hasGap(set)]).toEqual([10, false]);
		expect(set.comments.map((c) => c.id)).toEqual([6, 8, 9, 10]);
	});

	it('starts the feed from 0 after a partial first page, from its revision after a whole one', () => {
		expect(fromPage({ comments: [comment(1, 7)], hasMore: true, revision: 30 }).revision).toBe(0);
		expect(fromPage({ comments: [comment(1, 7)], hasMore: false, revision: 30 }).revision).toBe(30);
	});
});

describe('resync', () => {
	it('pages on from each page’s last revision while a live event arrives, ending with the server’s state once', async () => {
		// What the client held at revision 10, then what happened while it was away.
		const held = [comment(1, 1), comment(2, 2), comment(3, 3, { parentCommentId: 1 }), comment(4, 4)];
		const away: CommentChange[] = [
			comment(5, 11),
			comment(2, 12, { content: 'edited while away', edited: true }),
			tombstone(4, 13),
			comment(6, 14, { parentCommentId: 1 }),
			comment(7, 15),
			tombstone(1, 16, [3, 6]),
			comment(8, 17),
			comment(5, 18, { content: 'edited twice' })
		];
		const live = comment(9, 19);
		const page = serverFeed([...held, ...away, live], 2);
		let set = applyPage(emptySet(0), { comments: held, hasMore: false, revision: 10 });

		const asked: number[] = [];
		const result = await pageChangesSince(
			set.revision,
			async (since): Promise<Result<CommentChangePage>> => {
				asked.push(since);
				// The event for revision 19 reaches the client while the second page loads.
				if (asked.length === 2) set = applyLive(set, live);
				return { ok: true, value: page(since) };
			},
			(answer) => {
				set = applyPage(set, answer);
			}
		);

		expect(result.ok).toBe(true);
		// Each page from the one before's last entry; the live 19 never moved the cursor.
		expect(asked).toEqual([10, 13, 16, 18]);
		expect(view(set)).toEqual([
			[2, 'edited while away'],
			[5, 'edited twice'],
			[7, 'comment 7 at 15'],
			[8, 'comment 8 at 17'],
			[9, 'comment 9 at 19']
		]);
		expect([set.revision, hasGap(set)]).toEqual([19, false]);
		// Applying the whole feed again changes nothing: every change is applied once.
		expect(applyPage(set, { ...page(10), hasMore: false })).toEqual(set);
	});

	it('stops at a failed page and reports it, keeping what the pages before applied', async () => {
		const page = serverFeed([comment(1, 1), comment(2, 2), comment(3, 3)], 1);
		let set = emptySet(0);
		const result = await pageChangesSince(
			0,
			async (since): Promise<Result<CommentChangePage>> =>
				since < 2 ? { ok: true, value: page(since) } : { ok: false, status: 0, message: 'offline', field: null },
			(answer) => {
				set = applyPage(set, answer);
			}
		);
		expect(result).toMatchObject({ ok: false, message: 'offline' });
		expect([set.comments.map((c) => c.id), set.revision]).toEqual([[1, 2], 2]);
	});
});
