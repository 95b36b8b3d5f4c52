import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ContentTables } from './schema.content';
import type { MessagingTables } from './schema.messaging';
import type { StorageTables } from './schema.storage';
import type { VideoPipelineTables } from './schema.video';

/** A timestamptz column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Role = 'student' | 'teacher' | 'admin';

export interface UsersTable {
	id: Generated<number>;
	email: string;
	username: string;
	/** argon2id hash (the seed names the column `password`); never leaves the server. */
	password: string;
	full_name: string;
	role: Role;
	profile_image_url: string | null;
	instruments: string[] | null;
	experience_level: string | null;
	bio: string | null;
	created_at: CreatedAt;
	last_login: Timestamp | null;
	verified: Generated<boolean>;
	active: Generated<boolean>;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	expires_at: Timestamp;
	created_at: CreatedAt;
	ip: string | null;
	user_agent: string | null;
}

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

export interface EmailTokensTable {
	id: Generated<number>;
	token_hash: string;
	user_id: number;
	purpose: EmailTokenPurpose;
	expires_at: Timestamp;
	used_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface AuthEventsTable {
	id: Generated<number>;
	user_id: number | null;
	kind: string;
	success: boolean;
	login_attempted: string | null;
	reason: string | null;
	ip: string | null;
	user_agent: string | null;
	created_at: CreatedAt;
}

export interface AccountTables {
	users: UsersTable;
	sessions: SessionsTable;
	email_tokens: EmailTokensTable;
	auth_events: AuthEventsTable;
}

export interface DB
	extends AccountTables, ContentTables, MessagingTables, StorageTables, VideoPipelineTables {}

/** The whole users row, password hash included: only the auth repository and service handle it. */
export type UserRow = Selectable<UsersTable>;

/**
 * The columns of a user the app holds outside authentication (`locals.user`, services, DTOs):
 * never the password hash. Listed rather than "all but the hash", so a column added later stays
 * in the database until someone decides a page may see it.
 */
export const sessionUserColumns = [
	'id',
	'email',
	'username',
	'full_name',
	'role',
	'profile_image_url',
	'instruments',
	'experience_level',
	'bio',
	'created_at',
	'last_login',
	'verified',
	'active'
] as const satisfies readonly (keyof UsersTable)[];
export type SessionUser = Pick<UserRow, (typeof sessionUserColumns)[number]>;

/** What anyone signed in may see of another user (the teacher directory, profile pages). */
export const publicUserColumns = [
	'id',
	'username',
	'full_name',
	'role',
	'profile_image_url',
	'instruments',
	'experience_level',
	'bio',
	'created_at'
] as const satisfies readonly (keyof UsersTable)[];
export type PublicUserRow = Pick<UserRow, (typeof publicUserColumns)[number]>;

export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
