import { sql, type Kysely } from 'kysely';
import {
	publicUserColumns,
	sessionUserColumns,
	type DB,
	type NewUser,
	type PublicUserRow,
	type SessionUser,
	type UserRow,
	type UserUpdate
} from '../db/schema';
import { notFound } from '../errors';

type Executor = Kysely<DB>;

export function findUserById(db: Executor, id: number): Promise<SessionUser | undefined> {
	return db.selectFrom('users').select(sessionUserColumns).where('id', '=', id).executeTakeFirst();
}

export async function getUserById(db: Executor, id: number): Promise<SessionUser> {
	const user = await findUserById(db, id);
	if (!user) throw notFound('User');
	return user;
}

/** Finds by e-mail or username, case-insensitively; the whole row, hash included, for signing in. */
export function findUserByLogin(db: Executor, login: string): Promise<UserRow | undefined> {
	const value = login.trim().toLowerCase();
	return db
		.selectFrom('users')
		.selectAll()
		.where((eb) => eb.or([eb(sql`lower(email)`, '=', value), eb(sql`lower(username)`, '=', value)]))
		.executeTakeFirst();
}

/** The whole row, hash included: for the auth service only. */
export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
	return db
		.selectFrom('users')
		.selectAll()
		.where(sql`lower(email)`, '=', email.trim().toLowerCase())
		.executeTakeFirst();
}

/** Which of e-mail and username are already taken. */
export async function findTakenIdentifiers(db: Executor, email: string, username: string) {
	const rows = await db
		.selectFrom('users')
		.select(['email', 'username'])
		.where((eb) =>
			eb.or([eb(sql`lower(email)`, '=', email.toLowerCase()), eb(sql`lower(username)`, '=', username.toLowerCase())])
		)
		.execute();
	return {
		email: rows.some((r) => r.email.toLowerCase() === email.toLowerCase()),
		username: rows.some((r) => r.username.toLowerCase() === username.toLowerCase())
	};
}

export function insertUser(db: Executor, user: NewUser): Promise<SessionUser> {
	return db.insertInto('users').values(user).returning(sessionUserColumns).executeTakeFirstOrThrow();
}

/** Returns the updated SessionUser (a profile action puts it into `locals.user`), never the hash. */
export function updateUser(db: Executor, id: number, changes: UserUpdate): Promise<SessionUser | undefined> {
	return db.updateTable('users').set(changes).where('id', '=', id).returning(sessionUserColumns).executeTakeFirst();
}

export interface TeacherSearch {
	query?: string;
	instrument?: string;
	/** Keyset cursor: the last (full_name, id) seen. */
	after?: { fullName: string; id: number };
	limit: number;
}

/**
 * Active, verified teachers ordered by name; `query` matches part of the name, the username or
 * an instrument ("pian" finds pianists), `instrument` one instrument, both ignoring case. Each
 * filter has an index (migrations 000004 and 000008): pg_trgm GIN indexes serve the ILIKEs (the
 * instruments through `instruments_text(instruments)`, exactly that expression), and a GIN index on
 * `lower_text_array(instruments)` serves the `@>` (the expression must match it exactly).
 */
export function teacherSearchQuery(db: Executor, search: TeacherSearch) {
	let q = db
		.selectFrom('users')
		.select(publicUserColumns)
		.where('role', '=', 'teacher')
		.where('active', '=', true)
		.where('verified', '=', true);
	if (search.query) {
		const pattern = `%${escapeLike(search.query)}%`;
		q = q.where((eb) =>
			eb.or([
				eb('full_name', 'ilike', pattern),
				eb('username', 'ilike', pattern),
				eb(sql<string>`instruments_text(instruments)`, 'ilike', pattern)
			])
		);
	}
	if (search.instrument) {
		const instrument = search.instrument.toLowerCase();
		q = q.where(sql<boolean>`lower_text_array(instruments) @> array[${instrument}]::text[]`);
	}
	if (search.after) {
		const { fullName, id } = search.after;
		q = q.where((eb) =>
			eb.or([eb('full_name', '>', fullName), eb.and([eb('full_name', '=', fullName), eb('id', '>', id)])])
		);
	}
	return q.orderBy('full_name').orderBy('id').limit(search.limit);
}

export function searchTeachers(db: Executor, search: TeacherSearch): Promise<PublicUserRow[]> {
	return teacherSearchQuery(db, search).execute();
}

function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
