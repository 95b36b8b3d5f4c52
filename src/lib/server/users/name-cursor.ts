import { AppError } from '../errors';

// Lists of people ordered by (full_name, id) page with an opaque cursor: the last pair seen.

export interface NameCursor {
	fullName: string;
	id: number;
}

const isUserId = (id: unknown): id is number => Number.isInteger(id) && (id as number) >= 1 && (id as number) <= 2_147_483_647;

export const encodeNameCursor = (person: { full_name: string; id: number }) =>
	Buffer.from(JSON.stringify([person.full_name, person.id])).toString('base64url');

export function decodeNameCursor(cursor: string): NameCursor {
	try {
		const [fullName, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
		// Checked as strictly as the columns it is compared with, so a forged cursor is a 400, never a 500.
		if (typeof fullName === 'string' && !fullName.includes('\u0000') && isUserId(id)) return { fullName, id };
	} catch {
		// fall through
	}
	throw new AppError(400, 'invalid_input', 'The cursor is not valid.', { field: 'cursor' });
}
