/** The aria-describedby value for a control with an optional hint and error (see FieldMessage). */
export function describedBy(id: string, parts: { hint?: unknown; error?: unknown; extra?: string | null }) {
	const ids = [parts.hint ? `${id}-hint` : null, parts.error ? `${id}-error` : null, parts.extra ?? null].filter(Boolean);
	return ids.length ? ids.join(' ') : undefined;
}

export interface SelectOption {
	value: string;
	label: string;
}

export interface RadioOption extends SelectOption {
	/** A second line under the label. */
	description?: string;
}

/** What a form action returns on failure (see src/routes/forms.server.ts), or nothing. */
export type FormFailure = { message?: string | null; field?: string | null } | null | undefined;

/** The error for one field from an action's failure, if it is about that field. */
export function fieldError(form: FormFailure, field: string): string | undefined {
	return form?.field === field && form.message ? form.message : undefined;
}
