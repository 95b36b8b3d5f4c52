import { describe, expect, it } from 'bun:test';
import { parseRange, type RangeRequest } from '../../src/lib/server/storage/range';

const size = 1000;
const partial = (start: number, end: number): RangeRequest => ({ kind: 'partial', start, end });
const full: RangeRequest = { kind: 'full' };
const unsatisfiable: RangeRequest = { kind: 'unsatisfiable' };

describe('parseRange', () => {
	it('answers the full body without a header', () => {
		expect(parseRange(null, size)).toEqual(full);
		expect(parseRange(undefined, size)).toEqual(full);
		expect(parseRange('', size)).toEqual(full);
	});

	it('reads a closed range, inclusive', () => {
		expect(parseRange('bytes=0-99', size)).toEqual(partial(0, 99));
		expect(parseRange('bytes=500-500', size)).toEqual(partial(500, 500));
		expect(parseRange('Bytes = 10-19', size)).toEqual(partial(10, 19));
	});

	it('reads an open range to the end', () => {
		expect(parseRange('bytes=100-', size)).toEqual(partial(100, 999));
		expect(parseRange('bytes=999-', size)).toEqual(partial(999, 999));
	});

	it('clips an end past the size', () => {
		expect(parseRange('bytes=10-5000', size)).toEqual(partial(10, 999));
	});

	it('reads a suffix range as the last bytes, the whole file when longer', () => {
		expect(parseRange('bytes=-50', size)).toEqual(partial(950, 999));
		expect(parseRange('bytes=-5000', size)).toEqual(partial(0, 999));
	});

	it('answers a multi-range request with the full body', () => {
		expect(parseRange('bytes=0-9,20-29', size)).toEqual(full);
		expect(parseRange('bytes=0-9, -5', size)).toEqual(full);
	});

	it('ignores garbage, other units and an end before the start', () => {
		for (const header of ['bytes', 'bytes=', 'bytes=-', 'bytes=a-b', 'bytes=1-2-3', 'bytes=0x10-', 'items=0-9', 'bytes=-1.5', 'bytes=99999999999999999999-', 'bytes=10-5']) {
			expect(parseRange(header, size)).toEqual(full);
		}
	});

	it('calls a start past the size, an empty suffix and any range of an empty file unsatisfiable', () => {
		expect(parseRange('bytes=1000-', size)).toEqual(unsatisfiable);
		expect(parseRange('bytes=1010-1020', size)).toEqual(unsatisfiable);
		expect(parseRange('bytes=-0', size)).toEqual(unsatisfiable);
		expect(parseRange('bytes=0-', 0)).toEqual(unsatisfiable);
		expect(parseRange('bytes=-5', 0)).toEqual(unsatisfiable);
	});
});
