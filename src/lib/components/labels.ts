// Display names shared by several pages.

export const EXPERIENCE_LABELS: Record<string, string> = {
	beginner: 'Beginner',
	intermediate: 'Intermediate',
	advanced: 'Advanced',
	professional: 'Professional'
};

export const ROLE_LABELS: Record<string, string> = {
	student: 'Student',
	teacher: 'Teacher',
	admin: 'Administrator'
};

export const experienceLabel = (level: string | null | undefined) => (level ? (EXPERIENCE_LABELS[level] ?? level) : null);

/** "March 2026", for "member since". */
export const monthYear = (iso: string) =>
	new Date(iso).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
