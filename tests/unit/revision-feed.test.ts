import { describe, expect, it } from 'bun:test';
import { coalesced, hasGap, notePage, noteLive, readFeed } from '../../src/lib/client/revision-feed';

const at = (revision: number) => ({ revision, ahead: new Set<number>() as ReadonlySet<number> });

describe('the feed cursor', () => {
	it('moves on with each next revision, holds one past a gap, and closes the gap when it arrives', () => {
		let cursor = noteLive(at(4), 5);
		expect(cursor.revision).toBe(5);
		cursor = noteLive(cursor, 7);
		expect([cursor.revision, hasGap(cursor)]).toEqual([5, true]);
		cursor = noteLive(cursor, 6);
		expect([cursor.revision, hasGap(cursor)]).toEqual([7, false]);
		expect(noteLive(cursor, 3)).toBe(cursor);
	});

	it('moves to a page’s last entry, or on the last page to the revision the answer goes up to', () => {
		expect(notePage(at(2), { lastRevision: 9, hasMore: true, revision: 20 }).revision).toBe(9);
		expect(notePage(at(2), { lastRevision: 9, hasMore: false, revision: 20 }).revision).toBe(20);
		expect(notePage(at(2), { lastRevision: undefined, hasMore: false, revision: 2 }).revision).toBe(2);
	});
});

describe('readFeed', () => {
	it('asks each next page from the last one’s final revision, and stops at a failed page', async () => {
		const asked: number[] = [];
		const pages = new Map([[0, { entries: [1, 2], hasMore: true }], [2, { entries: [3], hasMore: false }]]);
		const done = await readFeed({
			since: 0,
			fetchPage: async (since) => (asked.push(since), pages.get(since)),
			lastRevision: (page) => page.entries.at(-1),
			onPage: () => {}
		});
		expect([done, asked]).toEqual([true, [0, 2]]);
		expect(await readFeed({ since: 5, fetchPage: async () => undefined, lastRevision: () => undefined, onPage: () => {} })).toBe(false);
	});
});

describe('coalesced', () => {
	it('never runs twice at once, and runs once more for any calls made meanwhile', async () => {
		let running = 0;
		let most = 0;
		let runs = 0;
		let release!: () => void;
		const task = coalesced(async () => {
			runs++;
			running++;
			most = Math.max(most, running);
			if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
			running--;
			return true;
		});
		const first = task();
		void task();
		void task();
		release();
		await first;
		expect([runs, most]).toEqual([2, 1]);
	});

	it('drops the run asked for meanwhile when the task answers false', async () => {
		let runs = 0;
		let release!: () => void;
		const task = coalesced(async () => {
			runs++;
			await new Promise<void>((resolve) => (release = resolve));
			return false;
		});
		const first = task();
		void task();
		release();
		await first;
		expect(runs).toBe(1);
	});
});
