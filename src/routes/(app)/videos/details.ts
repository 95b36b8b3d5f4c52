// The editable details of a video, as the upload and edit forms name them.

export const DETAIL_FIELDS = ['title', 'description', 'pieceName', 'composer', 'practiceGoals'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

export interface VideoDetails {
	title: string;
	description?: string;
	pieceName?: string;
	composer?: string;
	practiceGoals?: string;
	isPublic: boolean;
}

/**
 * The details from a submitted form: trimmed, empty optional fields left out (the API clears a
 * field given as null only on edit, see `detailsForEdit`), the checkbox as a boolean.
 */
export function detailsFromForm(form: FormData): VideoDetails {
	const text = (name: DetailField) => {
		const value = form.get(name);
		return typeof value === 'string' ? value.trim() : '';
	};
	const details: VideoDetails = { title: text('title'), isPublic: form.get('isPublic') === 'on' };
	for (const name of ['description', 'pieceName', 'composer', 'practiceGoals'] as const) {
		const value = text(name);
		if (value) details[name] = value;
	}
	return details;
}

/** For `PUT`: a cleared optional field is sent as null, so the edit removes it. */
export function detailsForEdit(form: FormData): Record<string, string | boolean | null> {
	const details = detailsFromForm(form);
	return {
		title: details.title,
		description: details.description ?? null,
		pieceName: details.pieceName ?? null,
		composer: details.composer ?? null,
		practiceGoals: details.practiceGoals ?? null,
		isPublic: details.isPublic
	};
}
