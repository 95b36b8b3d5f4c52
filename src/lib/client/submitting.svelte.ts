import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Tracks whether an enhanced form is in flight, for a Button's loading state:
 * `const save = new Submitting(); <form use:enhance={save.enhance}>`, `<Button loading={save.pending}>`.
 */
export class Submitting {
	pending = $state(false);
	readonly #reset: boolean;
	readonly #onResult: ((type: string) => void) | undefined;

	constructor(options: { reset?: boolean; onResult?: (type: string) => void } = {}) {
		this.#reset = options.reset ?? true;
		this.#onResult = options.onResult;
	}

	enhance: SubmitFunction = () => {
		this.pending = true;
		return async ({ update, result }) => {
			try {
				await update({ reset: this.#reset });
				this.#onResult?.(result.type);
			} finally {
				this.pending = false;
			}
		};
	};
}
