// The conversation list beside the open conversation, live: any messaging event that concerns the
// caller asks the API for the list again (debounced), as does every (re)connect, so order, last
// messages and unread counts are the server's and never drift.
import { useSocket } from './socket';
import type { Conversation } from './message-types';

export class LiveInbox {
	conversations = $state<Conversation[]>([]);
	readonly #limit: number;

	constructor(initial: Conversation[], limit: number) {
		this.conversations = initial;
		this.#limit = limit;
	}

	/** Replaces the list with what the server has now (e.g. after the load ran again). */
	reset(conversations: Conversation[]): void {
		this.conversations = conversations;
	}

	connect(): () => void {
		const { socket, release } = useSocket();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const refresh = () => {
			clearTimeout(timer);
			timer = setTimeout(() => void this.#reload(), 150);
		};
		socket.on('message:new', refresh);
		socket.on('message:updated', refresh);
		socket.on('message:read', refresh);
		socket.on('connect', refresh);
		return () => {
			clearTimeout(timer);
			socket.off('message:new', refresh);
			socket.off('message:updated', refresh);
			socket.off('message:read', refresh);
			socket.off('connect', refresh);
			release();
		};
	}

	async #reload(): Promise<void> {
		try {
			const response = await fetch(`/api/conversations?limit=${this.#limit}`, { headers: { accept: 'application/json' } });
			if (response.ok) this.conversations = ((await response.json()) as { conversations: Conversation[] }).conversations;
		} catch {
			// Offline: the next event or reconnect tries again.
		}
	}
}
