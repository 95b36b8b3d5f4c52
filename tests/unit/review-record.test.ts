import { describe, expect, it } from 'bun:test';
import { formatMinutes, recordLine } from '../../src/lib/client/review-record';

const person = (id: number, fullName: string) => ({ id, fullName, username: fullName.toLowerCase(), role: 'student' as const, profileImageUrl: null });
const ana = person(1, 'Ana');
const theo = person(2, 'Theo');
const mia = person(3, 'Mia');
const now = new Date('2026-12-01T12:00:00Z');
const record = { participants: [ana, theo], createdAt: '2026-05-03T16:00:00Z', durationSeconds: 18 * 60 + 10, commentCount: 7 };

describe('the record line', () => {
	it('names the others a participant reviewed with', () => {
		expect(recordLine(record, ana.id, now)).toBe('Reviewed live with Theo on 3 May, 18 min, 7 comments');
		expect(recordLine({ ...record, participants: [ana, theo, mia] }, theo.id, now)).toBe('Reviewed live with Ana and Mia on 3 May, 18 min, 7 comments');
	});

	it('tells someone who was not there who was', () => {
		expect(recordLine(record, mia.id, now)).toBe('Reviewed live by Ana and Theo on 3 May, 18 min, 7 comments');
	});

	it('says one comment, none, and the year of an older session', () => {
		expect(recordLine({ ...record, commentCount: 1 }, ana.id, now)).toBe('Reviewed live with Theo on 3 May, 18 min, 1 comment');
		expect(recordLine({ ...record, participants: [ana], commentCount: 0, createdAt: '2025-11-20T10:00:00Z' }, ana.id, now)).toBe(
			'Reviewed live on 20 November 2025, 18 min, no comments'
		);
	});

	it('rounds the time to minutes, with hours past the hour', () => {
		expect([30, 60, 89, 91, 3600, 3900].map(formatMinutes)).toEqual(['under a minute', '1 min', '1 min', '2 min', '1 h', '1 h 5 min']);
	});
});
