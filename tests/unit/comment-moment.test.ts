import { describe, expect, it } from 'bun:test';
import { readMoment } from '../../src/lib/client/comment-moment';

describe('readMoment', () => {
	it('reads a moment, and a passage when an end is given', () => {
		expect(readMoment('0:12', '')).toEqual({ ok: true, timestamp: 12, endTimestamp: null });
		expect(readMoment('0:03.5', ' 0:07 ')).toEqual({ ok: true, timestamp: 3.5, endTimestamp: 7 });
	});

	it('names the field that is wrong', () => {
		expect(readMoment('soon', '')).toMatchObject({ ok: false, field: 'timestamp' });
		expect(readMoment('0:12', 'later')).toMatchObject({ ok: false, field: 'endTimestamp' });
		expect(readMoment('0:12', '0:12')).toEqual({ ok: false, field: 'endTimestamp', message: 'The end must come after the start.' });
	});
});
