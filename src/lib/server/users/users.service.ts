import type { AppContext } from '../context';
import type { PublicUserRow, SessionUser, UserUpdate } from '../db/schema';
import { notFound } from '../errors';
import { deleteStoredFiles, recordStoredFile } from '../storage/stored-files.repository';
import { decodeNameCursor, encodeNameCursor } from './name-cursor';
import { deleteProfileImage, profileImageKeys, storeProfileImage } from './profile-image';
import { findUserById, getUserById, searchTeachers, updateUser } from './users.repository';
import type { ProfileUpdate } from './users.schemas';

/** Applies a profile edit; instruments are de-duplicated ignoring case, in the order given. */
export async function updateProfile(ctx: AppContext, userId: number, input: ProfileUpdate): Promise<SessionUser> {
	const changes: UserUpdate = {};
	if (input.fullName !== undefined) changes.full_name = input.fullName;
	if (input.bio !== undefined) changes.bio = input.bio || null;
	if (input.experienceLevel !== undefined) changes.experience_level = input.experienceLevel;
	if (input.instruments !== undefined) {
		const seen = new Set<string>();
		changes.instruments = input.instruments.filter((i) => !seen.has(i.toLowerCase()) && seen.add(i.toLowerCase()));
	}
	if (Object.keys(changes).length === 0) return getUserById(ctx.db, userId);
	const user = await updateUser(ctx.db, userId, changes);
	if (!user) throw notFound('User');
	return user;
}

/** Stores the picture's files, then records them and points the user at them in one transaction. */
export async function setProfileImage(ctx: AppContext, userId: number, bytes: Uint8Array): Promise<SessionUser> {
	const stored = await storeProfileImage(ctx.storage, userId, bytes);
	return ctx.db.transaction().execute(async (trx) => {
		const user = await updateUser(trx, userId, { profile_image_url: stored.url });
		if (!user) throw notFound('User');
		for (const file of stored.files) await recordStoredFile(trx, file);
		return user;
	});
}

/** Forgets the picture's files first, so /media stops serving them before the bytes go. */
export async function removeProfileImage(ctx: AppContext, userId: number): Promise<SessionUser> {
	const keys = profileImageKeys(userId);
	const user = await ctx.db.transaction().execute(async (trx) => {
		const updated = await updateUser(trx, userId, { profile_image_url: null });
		if (!updated) throw notFound('User');
		await deleteStoredFiles(trx, [keys.profile, keys.thumbnail]);
		return updated;
	});
	await deleteProfileImage(ctx.storage, userId);
	return user;
}

/** A user anyone signed in may look up; deactivated or unverified accounts are not found. */
export async function getVisibleUser(ctx: AppContext, id: number): Promise<SessionUser> {
	const user = await findUserById(ctx.db, id);
	if (!user || !user.active || !user.verified) throw notFound('User');
	return user;
}

/** One page of teachers and the cursor of the next page (null at the end). */
export async function listTeachers(
	ctx: AppContext,
	search: { q?: string; instrument?: string; cursor?: string; limit: number }
) {
	const rows = await searchTeachers(ctx.db, {
		query: search.q || undefined,
		instrument: search.instrument || undefined,
		after: search.cursor ? decodeNameCursor(search.cursor) : undefined,
		limit: search.limit + 1
	});
	const page = rows.slice(0, search.limit);
	const last = page.at(-1);
	return { teachers: page, nextCursor: rows.length > search.limit && last ? encodeNameCursor(last) : null };
}
