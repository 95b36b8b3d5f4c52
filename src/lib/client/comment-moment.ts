// The moment a comment is pinned to, as a person types it: a start, and an optional end that
// makes it a passage. Shared by the new-comment form and the edit form, so both say the same.
import { parseTimestamp } from './format';

export type MomentReading =
	| { ok: true; timestamp: number; endTimestamp: number | null }
	| { ok: false; field: 'timestamp' | 'endTimestamp'; message: string };

/** Reads "0:12" and an optional "0:15"; the end must come after the start. */
export function readMoment(startText: string, endText: string): MomentReading {
	const timestamp = parseTimestamp(startText);
	if (timestamp === null) return { ok: false, field: 'timestamp', message: 'Give the start as m:ss, for example 0:12.' };
	if (!endText.trim()) return { ok: true, timestamp, endTimestamp: null };
	const end = parseTimestamp(endText);
	if (end === null) return { ok: false, field: 'endTimestamp', message: 'Give the end as m:ss, for example 0:15.' };
	if (end <= timestamp) return { ok: false, field: 'endTimestamp', message: 'The end must come after the start.' };
	return { ok: true, timestamp, endTimestamp: end };
}
