import type { Action } from 'svelte/action';

/**
 * For a `<details>` used as a dropdown: closes it on Escape (focus back on its summary), on a click
 * outside it, and on a click on a link inside it. Without JavaScript the details still opens and
 * closes from its summary, so the menu works either way.
 */
export const dismissible: Action<HTMLDetailsElement> = (details) => {
	const summary = () => details.querySelector('summary');
	const close = (refocus: boolean) => {
		if (!details.open) return;
		details.open = false;
		if (refocus) summary()?.focus();
	};
	const onKeydown = (event: KeyboardEvent) => {
		if (event.key === 'Escape' && details.open) {
			event.preventDefault();
			close(true);
		}
	};
	const onDocumentClick = (event: MouseEvent) => {
		if (!details.contains(event.target as Node)) close(false);
	};
	const onInsideClick = (event: MouseEvent) => {
		if ((event.target as Element).closest('a[href]')) close(false);
	};
	const onFocusOut = (event: FocusEvent) => {
		// Tabbing out of an open menu closes it, as a native menu would.
		if (event.relatedTarget && !details.contains(event.relatedTarget as Node)) close(false);
	};
	details.addEventListener('keydown', onKeydown);
	details.addEventListener('click', onInsideClick);
	details.addEventListener('focusout', onFocusOut);
	document.addEventListener('click', onDocumentClick);
	return {
		destroy() {
			details.removeEventListener('keydown', onKeydown);
			details.removeEventListener('click', onInsideClick);
			details.removeEventListener('focusout', onFocusOut);
			document.removeEventListener('click', onDocumentClick);
		}
	};
};
