/** What a `Range` header asks of a resource of a known size (RFC 9110 §14). */
export type RangeRequest =
	| { kind: 'full' }
	| { kind: 'partial'; start: number; end: number }
	| { kind: 'unsatisfiable' };

const FULL: RangeRequest = { kind: 'full' };
const SPEC = /^(\d*)-(\d*)$/;

function toOffset(digits: string): number | undefined {
	if (digits === '') return undefined;
	const value = Number(digits);
	return Number.isSafeInteger(value) ? value : Number.NaN;
}

/**
 * Reads a Range header against a size. `end` is inclusive. A header that is absent, malformed,
 * in another unit, or asks for several ranges is answered with the full body: RFC 9110 lets a
 * server ignore Range, and a 200 with the whole file is always correct, while a multipart/byteranges
 * body is something no client of ours (browsers, hls.js, ffmpeg) needs.
 */
export function parseRange(header: string | null | undefined, size: number): RangeRequest {
	if (!header) return FULL;
	const match = header.trim().match(/^bytes\s*=\s*(.*)$/i);
	if (!match?.[1]) return FULL;
	const specs = match[1].split(',').map((part) => part.trim());
	if (specs.length !== 1) return FULL;
	const spec = specs[0]!.match(SPEC);
	if (!spec) return FULL;
	const first = toOffset(spec[1]!);
	const last = toOffset(spec[2]!);
	if (Number.isNaN(first) || Number.isNaN(last)) return FULL;

	if (first === undefined) {
		// Suffix range: the last N bytes. `bytes=-` alone is garbage.
		if (last === undefined) return FULL;
		if (last === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', start: Math.max(0, size - last), end: size - 1 };
	}
	// An end before the start makes the header invalid, and an invalid Range is ignored.
	if (last !== undefined && last < first) return FULL;
	if (first >= size) return { kind: 'unsatisfiable' };
	return { kind: 'partial', start: first, end: last === undefined ? size - 1 : Math.min(last, size - 1) };
}
