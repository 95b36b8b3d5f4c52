import type { AppContext } from '../context';
import type { Database } from '../db/database';
import { NOTIFICATION_TYPE_INFO, NOTIFICATION_TYPES, type NotificationType } from './notification-types';
import type { PreferencesUpdate } from './notifications.schemas';
import { findPreferenceRow, listPreferenceRows, upsertPreferences, type PreferenceRow } from './preferences.repository';

/** One type's choice, as the API and the settings page show it. */
export interface NotificationPreference {
	type: NotificationType;
	label: string;
	inApp: boolean;
	email: boolean;
}

export interface Channels {
	inApp: boolean;
	email: boolean;
}

const channelsOf = (type: NotificationType, row: PreferenceRow | undefined): Channels =>
	row ? { inApp: row.in_app, email: row.email } : NOTIFICATION_TYPE_INFO[type].defaults;

/** The channels one type reaches a user on, read through `db` (a producer's transaction). */
export async function channelsFor(db: Database, userId: number, type: NotificationType): Promise<Channels> {
	return channelsOf(type, await findPreferenceRow(db, userId, type));
}

/** Every type with the user's choice, defaults filled in, in the settings page's order. */
export async function preferencesOf(db: Database, userId: number): Promise<NotificationPreference[]> {
	const rows = new Map((await listPreferenceRows(db, userId)).map((row) => [row.type, row]));
	return NOTIFICATION_TYPES.map((type) => ({ type, label: NOTIFICATION_TYPE_INFO[type].label, ...channelsOf(type, rows.get(type)) }));
}

/** Applies changes (a channel left out keeps its current value) and returns the whole set. */
export async function updatePreferences(ctx: AppContext, userId: number, update: PreferencesUpdate): Promise<NotificationPreference[]> {
	return ctx.db.transaction().execute(async (trx) => {
		const current = new Map((await preferencesOf(trx, userId)).map((p) => [p.type, p]));
		const rows = update.preferences.map((change) => {
			const now = current.get(change.type)!;
			return { type: change.type, in_app: change.inApp ?? now.inApp, email: change.email ?? now.email };
		});
		await upsertPreferences(trx, userId, rows);
		return preferencesOf(trx, userId);
	});
}

/** Turns e-mail off for some types (the unsubscribe link), keeping their in-app choice. */
export async function stopEmails(db: Database, userId: number, types: NotificationType[]): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = new Map((await preferencesOf(trx, userId)).map((p) => [p.type, p]));
		await upsertPreferences(
			trx,
			userId,
			types.map((type) => ({ type, in_app: current.get(type)!.inApp, email: false }))
		);
	});
}
