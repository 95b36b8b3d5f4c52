/** The aria-describedby value for a control with an optional hint and error (see FieldMessage). */
export function describedBy(id: string, parts: { hint?: unknown; error?: unknown; extra?: string | null }) {
	const ids = [parts.hint ? `${id}-hint` : null, parts.error ? `${id}-error` : null, parts.extra ?? null].filter(Boolean);
	return ids.length ? ids.join(' ') : undefined;
}

/** The props every labelled field takes (TextField, TextArea, Select; FileField without `optional`). */
export interface FieldProps {
	label: string;
	name: string;
	/** Defaults to the name. */
	id?: string;
	hint?: string | null;
	error?: string | null;
	/** Marks the label "(optional)"; fields are required by default. */
	optional?: boolean;
}

/** What FormField hands its control: the id and the aria wiring to put on the element. */
export interface ControlWiring {
	id: string;
	/** For aria-describedby: the hint and error ids, or undefined. */
	describedBy: string | undefined;
	/** For aria-invalid: true when the field has an error. */
	invalid: boolean;
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
