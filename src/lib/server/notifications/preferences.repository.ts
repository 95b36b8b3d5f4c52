import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

type Executor = Kysely<DB>;

export interface PreferenceRow {
	type: string;
	in_app: boolean;
	email: boolean;
}

/** The types a user changed from their defaults. */
export function listPreferenceRows(db: Executor, userId: number): Promise<PreferenceRow[]> {
	return db.selectFrom('notification_preferences').select(['type', 'in_app', 'email']).where('user_id', '=', userId).execute();
}

export function findPreferenceRow(db: Executor, userId: number, type: string): Promise<PreferenceRow | undefined> {
	return db
		.selectFrom('notification_preferences')
		.select(['type', 'in_app', 'email'])
		.where('user_id', '=', userId)
		.where('type', '=', type)
		.executeTakeFirst();
}

/** Writes whole choices (both channels) for some types in one statement. */
export async function upsertPreferences(db: Executor, userId: number, rows: PreferenceRow[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insertInto('notification_preferences')
		.values(rows.map((row) => ({ user_id: userId, type: row.type, in_app: row.in_app, email: row.email })))
		.onConflict((oc) =>
			oc.columns(['user_id', 'type']).doUpdateSet((eb) => ({
				in_app: eb.ref('excluded.in_app'),
				email: eb.ref('excluded.email'),
				updated_at: new Date()
			}))
		)
		.execute();
}
