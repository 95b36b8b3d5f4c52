import { describe, expect, it } from 'bun:test';
import { LiveSessionList } from '../../src/lib/client/live-session-list';

const s = (id: number) => ({ id, title: `session ${id}` });
const ids = (list: readonly { id: number }[] | null) => list?.map((x) => x.id) ?? null;

describe('LiveSessionList', () => {
	it('adds invitations first and removes ended sessions', () => {
		const list = new LiveSessionList([s(1)]);
		expect(ids(list.invited(s(2)))).toEqual([2, 1]);
		expect(ids(list.invited(s(1)))).toEqual([1, 2]);
		expect(ids(list.ended(2))).toEqual([1]);
	});

	it('does not bring back a session that ended while a fetch was in flight', () => {
		const list = new LiveSessionList<ReturnType<typeof s>>();
		const ticket = list.beginFetch();
		list.invited(s(7));
		list.ended(7);
		// The server read the list before the end: it still names session 7.
		expect(ids(list.applyFetch(ticket, [s(7), s(3)]))).toEqual([3]);
		// Nor does a later invitation event for it, nor a later fetch that is behind.
		expect(ids(list.invited(s(7)))).toEqual([3]);
		expect(ids(list.applyFetch(list.beginFetch(), [s(7)]))).toEqual([]);
	});

	it('keeps an invitation that arrived while a fetch was in flight', () => {
		const list = new LiveSessionList<ReturnType<typeof s>>();
		const ticket = list.beginFetch();
		list.invited(s(5));
		expect(ids(list.applyFetch(ticket, [s(4)]))).toEqual([5, 4]);
		// Once a fetch has answered, it is the truth for what came before it.
		expect(ids(list.applyFetch(list.beginFetch(), [s(4)]))).toEqual([4]);
	});

	it('ignores an older fetch that answers after a newer one began', () => {
		const list = new LiveSessionList<ReturnType<typeof s>>();
		const older = list.beginFetch();
		const newer = list.beginFetch();
		expect(list.applyFetch(newer, [s(1), s(2)])).not.toBeNull();
		expect(list.applyFetch(older, [])).toBeNull();
		expect(ids(list.sessions)).toEqual([1, 2]);
	});

	it('drops a dismissed session without counting it as ended', () => {
		const list = new LiveSessionList([s(1), s(2)]);
		expect(ids(list.drop(1))).toEqual([2]);
		expect(ids(list.invited(s(1)))).toEqual([1, 2]);
	});
});
