import type { PublicUserRow, Role, SessionUser } from '../db/schema';

/** What anyone signed in may see of a user: never the e-mail or the password hash. */
export interface PublicUser {
	id: number;
	username: string;
	fullName: string;
	role: Role;
	profileImageUrl: string | null;
	profileThumbnailUrl: string | null;
	instruments: string[];
	experienceLevel: string | null;
	bio: string | null;
	createdAt: string;
}

/** What a user sees of themselves. */
export interface SelfUser extends PublicUser {
	email: string;
	verified: boolean;
	lastLogin: string | null;
}

/** The thumbnail sits beside the profile image (seed layout: profile.jpg and thumbnail.jpg). */
export function thumbnailUrlOf(profileImageUrl: string | null): string | null {
	return profileImageUrl ? profileImageUrl.replace('/profile.jpg', '/thumbnail.jpg') : null;
}

export function toPublicUser(user: PublicUserRow): PublicUser {
	return {
		id: user.id,
		username: user.username,
		fullName: user.full_name,
		role: user.role,
		profileImageUrl: user.profile_image_url,
		profileThumbnailUrl: thumbnailUrlOf(user.profile_image_url),
		instruments: user.instruments ?? [],
		experienceLevel: user.experience_level,
		bio: user.bio,
		createdAt: user.created_at.toISOString()
	};
}

export function toSelfUser(user: SessionUser): SelfUser {
	return {
		...toPublicUser(user),
		email: user.email,
		verified: user.verified,
		lastLogin: user.last_login ? user.last_login.toISOString() : null
	};
}
