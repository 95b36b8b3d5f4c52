// The open conversation, live: its messages (merged by id, ordered by seq), the others' read
// positions and who is typing. On every (re)connect it asks `?after=` the highest seq it holds,
// page by page, so nothing sent while it was away is lost and nothing is held twice.
import { apiProblem } from './api-error';
import { useSocket, type BrowserSocket } from './socket';
import type { ConversationReader, Message } from './message-types';

/** How long "typing…" stays up after the last signal (the server relays one every 2 s at most). */
const TYPING_SHOWN_MS = 4000;
/** How often this browser sends "typing" while the person writes. */
const TYPING_SEND_MS = 2000;

export type SendResult = { ok: true } | { ok: false; message: string; field?: string };

export class LiveConversation {
	messages = $state<Message[]>([]);
	readers = $state<ConversationReader[]>([]);
	/** Ids of the other members typing right now. */
	typing = $state<number[]>([]);
	/** The caller's read position (seq). */
	lastReadSeq = $state(0);

	readonly #typingTimers = new Map<number, ReturnType<typeof setTimeout>>();
	#lastTypingSent = 0;
	#reading = false;
	#socket: BrowserSocket | undefined;

	constructor(
		readonly conversationId: number,
		readonly me: number,
		initial: { messages: Message[]; readers: ConversationReader[]; lastReadSeq: number },
		private readonly onIncoming: (message: Message) => void = () => {}
	) {
		this.messages = [...initial.messages];
		this.readers = initial.readers;
		this.lastReadSeq = initial.lastReadSeq;
	}

	/** The highest seq held (0 when none). */
	get lastSeq(): number {
		return this.messages.at(-1)?.seq ?? 0;
	}

	/** Keeps one copy per id, in seq order; a later copy (an edit, a deletion) replaces the earlier. */
	merge(message: Message): boolean {
		const index = this.messages.findIndex((m) => m.id === message.id);
		if (index >= 0) {
			this.messages[index] = message;
			return false;
		}
		const at = this.messages.findIndex((m) => m.seq > message.seq);
		if (at === -1) this.messages.push(message);
		else this.messages.splice(at, 0, message);
		return true;
	}

	/** Listens for this conversation's events until the returned cleanup runs. */
	connect(): () => void {
		const { socket, release } = useSocket();
		this.#socket = socket;
		const mine = (id: number) => id === this.conversationId;
		const onNew = ({ message }: { message: Message }) => {
			if (!mine(message.conversationId)) return;
			this.#stopTyping(message.senderId);
			if (this.merge(message) && message.senderId !== this.me) this.onIncoming(message);
			this.markRead();
		};
		const onUpdated = ({ message }: { message: Message }) => {
			if (mine(message.conversationId)) this.merge(message);
		};
		const onRead = (read: { conversationId: number; userId: number; lastMessageId: number; lastReadSeq: number }) => {
			if (!mine(read.conversationId)) return;
			if (read.userId === this.me) {
				this.lastReadSeq = Math.max(this.lastReadSeq, read.lastReadSeq);
				return;
			}
			const others = this.readers.filter((r) => r.userId !== read.userId);
			const before = this.readers.find((r) => r.userId === read.userId);
			if (before && before.lastReadSeq >= read.lastReadSeq) return;
			this.readers = [...others, { userId: read.userId, lastReadSeq: read.lastReadSeq, lastReadMessageId: read.lastMessageId }];
		};
		const onTyping = (typing: { conversationId: number; userId: number }) => {
			if (!mine(typing.conversationId) || typing.userId === this.me) return;
			clearTimeout(this.#typingTimers.get(typing.userId));
			this.#typingTimers.set(typing.userId, setTimeout(() => this.#stopTyping(typing.userId), TYPING_SHOWN_MS));
			if (!this.typing.includes(typing.userId)) this.typing = [...this.typing, typing.userId];
		};
		const onConnect = () => void this.resync();
		const onVisible = () => this.markRead();
		socket.on('message:new', onNew);
		socket.on('message:updated', onUpdated);
		socket.on('message:read', onRead);
		socket.on('conversation:typing', onTyping);
		socket.on('connect', onConnect);
		document.addEventListener('visibilitychange', onVisible);
		if (socket.connected) onConnect();
		this.markRead();
		return () => {
			socket.off('message:new', onNew);
			socket.off('message:updated', onUpdated);
			socket.off('message:read', onRead);
			socket.off('conversation:typing', onTyping);
			socket.off('connect', onConnect);
			document.removeEventListener('visibilitychange', onVisible);
			for (const timer of this.#typingTimers.values()) clearTimeout(timer);
			this.#socket = undefined;
			release();
		};
	}

	#stopTyping(userId: number): void {
		clearTimeout(this.#typingTimers.get(userId));
		this.#typingTimers.delete(userId);
		this.typing = this.typing.filter((id) => id !== userId);
	}

	/**
	 * Fetches what came after the highest seq held, until nothing more. Each next page starts
	 * after the last one fetched, not after the highest seq held: a message arriving live while
	 * the pages load would otherwise move the cursor past the ones not fetched yet.
	 */
	async resync(): Promise<void> {
		let cursor = this.lastSeq;
		for (let pages = 0; pages < 50; pages++) {
			const response = await fetch(`/api/conversations/${this.conversationId}/messages?after=${cursor}&limit=200`).catch(() => undefined);
			if (!response?.ok) return;
			const page = (await response.json()) as { messages: Message[]; hasMore: boolean };
			for (const message of page.messages) {
				if (this.merge(message) && message.senderId !== this.me) this.onIncoming(message);
			}
			const last = page.messages.at(-1);
			if (!page.hasMore || !last) break;
			cursor = last.seq;
		}
		this.markRead();
	}

	/** Moves the read position to the newest message, when the page is in view and there is news. */
	markRead(): void {
		const newest = this.messages.at(-1);
		if (!newest || newest.seq <= this.lastReadSeq || this.#reading) return;
		if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return;
		this.#reading = true;
		fetch(`/api/conversations/${this.conversationId}/read`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ lastMessageId: newest.id })
		})
			.then(async (response) => {
				if (response.ok) this.lastReadSeq = Math.max(this.lastReadSeq, ((await response.json()) as { lastReadSeq: number }).lastReadSeq);
			})
			.catch(() => {})
			.finally(() => {
				this.#reading = false;
				if ((this.messages.at(-1)?.seq ?? 0) > this.lastReadSeq) queueMicrotask(() => this.markRead());
			});
	}

	/** Tells the others this person is typing, at most once per TYPING_SEND_MS. */
	typed(): void {
		const now = Date.now();
		if (!this.#socket?.connected || now - this.#lastTypingSent < TYPING_SEND_MS) return;
		this.#lastTypingSent = now;
		this.#socket.emit('conversation:typing', { conversationId: this.conversationId }, () => {});
	}

	async send(content: string, videoId?: number): Promise<SendResult> {
		const response = await fetch(`/api/conversations/${this.conversationId}/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(videoId === undefined ? { content } : { content, videoId })
		}).catch(() => undefined);
		if (!response) return { ok: false, message: 'You seem to be offline. Your message is kept; try again.' };
		if (!response.ok) return { ok: false, ...(await apiProblem(response)) };
		this.merge(((await response.json()) as { message: Message }).message);
		this.#lastTypingSent = 0;
		return { ok: true };
	}

	async edit(messageId: number, content: string): Promise<SendResult> {
		const response = await fetch(`/api/messages/${messageId}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ content })
		}).catch(() => undefined);
		if (!response) return { ok: false, message: 'You seem to be offline. Try again.' };
		if (!response.ok) return { ok: false, ...(await apiProblem(response)) };
		this.merge(((await response.json()) as { message: Message }).message);
		return { ok: true };
	}

	async remove(messageId: number): Promise<SendResult> {
		const response = await fetch(`/api/messages/${messageId}`, { method: 'DELETE' }).catch(() => undefined);
		if (!response) return { ok: false, message: 'You seem to be offline. Try again.' };
		if (!response.ok) return { ok: false, ...(await apiProblem(response)) };
		const held = this.messages.find((m) => m.id === messageId);
		if (held) this.merge({ ...held, content: null, video: null, deleted: true });
		return { ok: true };
	}
}
