import { describe, expect, it } from 'bun:test';
import { drawingsAt, reaches } from '../../src/lib/client/drawings';
import type { Comment } from '../../src/lib/client/comment-types';
import { strokePath } from '../../src/lib/review/drawing';

const drawing = { strokes: [{ color: '#ff3b30', width: 0.01, points: [[0.5, 0.5]] as [number, number][] }] };
const comment = (id: number, timestamp: number, endTimestamp: number | null, withDrawing = true): Comment => ({
	id,
	videoId: 1,
	seq: id,
	revision: id,
	author: { id: 1, username: 'ana', fullName: 'Ana', role: 'student', profileImageUrl: null },
	content: `c${id}`,
	timestamp,
	endTimestamp,
	category: null,
	parentCommentId: null,
	createdAt: '2026-12-01T00:00:00.000Z',
	updatedAt: '2026-12-01T00:00:00.000Z',
	edited: false,
	drawing: withDrawing ? drawing : null
});

describe('when a drawing shows', () => {
	it('shows a moment’s drawing within half a second of it, either side', () => {
		const c = comment(1, 10, null);
		expect([9.4, 9.5, 10, 10.5, 10.6].map((t) => reaches(c, t))).toEqual([false, true, true, true, false]);
	});

	it('shows a passage’s drawing all through the passage', () => {
		const c = comment(1, 10, 14);
		expect([9.4, 9.6, 10, 12, 14, 14.4].map((t) => reaches(c, t))).toEqual([false, true, true, true, true, false]);
	});

	it('picks only comments with a drawing that playback reached', () => {
		const list = [comment(1, 2, null), comment(2, 2.2, null, false), comment(3, 5, 8), comment(4, 7, null)];
		expect(drawingsAt(list, 2.1).map((c) => c.id)).toEqual([1]);
		expect(drawingsAt(list, 7.2).map((c) => c.id)).toEqual([3, 4]);
		expect(drawingsAt(list, 9)).toEqual([]);
	});
});

describe('strokePath', () => {
	it('scales frame units to the view box, and draws a lone point as a dot', () => {
		expect(strokePath({ color: '#ffffff', width: 0.01, points: [[0, 0], [0.5, 1]] }, 1600, 900)).toBe('M0.00 0.00 L800.00 900.00');
		expect(strokePath({ color: '#ffffff', width: 0.01, points: [[0.25, 0.5]] }, 1600, 900)).toBe('M400.00 450.00 L400.00 450.00');
	});
});
