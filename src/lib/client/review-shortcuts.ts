// The review page's keyboard shortcuts: one table, read by the key handler and by the help
// overlay, so what the overlay says is what the keys do. Pure (unit-tested).

export type ShortcutAction =
	| 'togglePlay'
	| 'back10'
	| 'forward10'
	| 'back5'
	| 'forward5'
	| 'previousFrame'
	| 'nextFrame'
	| 'loopStart'
	| 'loopEnd'
	| 'comment'
	| 'help';

export interface Shortcut {
	action: ShortcutAction;
	/** `KeyboardEvent.key` values that trigger it. */
	keys: readonly string[];
	/** How the help overlay names the keys. */
	label: string;
	description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
	{ action: 'togglePlay', keys: [' ', 'k', 'K'], label: 'Space or K', description: 'Play or pause' },
	{ action: 'back10', keys: ['j', 'J'], label: 'J', description: 'Back 10 seconds' },
	{ action: 'forward10', keys: ['l', 'L'], label: 'L', description: 'Forward 10 seconds' },
	{ action: 'back5', keys: ['ArrowLeft'], label: '←', description: 'Back 5 seconds' },
	{ action: 'forward5', keys: ['ArrowRight'], label: '→', description: 'Forward 5 seconds' },
	{ action: 'previousFrame', keys: [','], label: ',', description: 'One frame back (pauses)' },
	{ action: 'nextFrame', keys: ['.'], label: '.', description: 'One frame forward (pauses)' },
	{ action: 'loopStart', keys: ['['], label: '[', description: 'Set the loop start (A) here' },
	{ action: 'loopEnd', keys: [']'], label: ']', description: 'Set the loop end (B) here' },
	{ action: 'comment', keys: ['c', 'C'], label: 'C', description: 'Comment at the current time' },
	{ action: 'help', keys: ['?'], label: '?', description: 'Show these shortcuts' }
];

const byKey = new Map(SHORTCUTS.flatMap((s) => s.keys.map((key) => [key, s.action] as const)));

/** What a key press means on the review page, or null when it is not a shortcut there. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, target: EventTarget | null): ShortcutAction | null {
	if (event.ctrlKey || event.metaKey || event.altKey) return null;
	if (!target || isTypingTarget(target)) return null;
	return byKey.get(event.key) ?? null;
}

/**
 * A place where keys belong to what has focus: text fields, selects, and controls that use the
 * same keys themselves (a slider's arrows, a button's Space, an open dialog).
 */
export function isTypingTarget(target: EventTarget): boolean {
	if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
	if (target.closest('dialog[open]')) return true;
	if (target instanceof HTMLElement && target.isContentEditable) return true;
	const tag = target.tagName;
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag === 'INPUT') {
		const type = (target as HTMLInputElement).type;
		return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(type);
	}
	return false;
}

/** Keys that a focused control uses for itself: the page leaves them to it. */
export function controlOwnsKey(key: string, target: EventTarget | null): boolean {
	if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
	if (key === ' ' && target.closest('button, a, summary, [role="button"], input[type="checkbox"], input[type="radio"]')) return true;
	// A native radio moves through its group with the arrows (draw mode's colours), like a radiogroup.
	if ((key === 'ArrowLeft' || key === 'ArrowRight') && target.closest('[role="slider"], input[type="range"], [role="radiogroup"], input[type="radio"]')) return true;
	return false;
}
