// The open conversation, live: its messages (merged by id, ordered by seq), the others' read
// positions and who is typing. On every (re)connect it reads the conversation's change feed
// (`?since=` the revision it holds every change up to), page by page, so messages sent, edited or
// deleted while it was away are caught up on, and one that also arrives as an event is applied
// once (message-merge.ts). An event past a revision not seen yet (a gap) makes it read the feed
// too, if the missing one has not arrived in a moment.
import { apiProblem } from './api-error';
import { addOlder, applyLive, applyPage, arrivals, fromPage, hasGap, markDeleted, pageFeed, type MessagePage, type MessageSet } from './message-merge';
import { useSocket, type BrowserSocket } from './socket';
import type { ConversationReader, Message } from './message-types';
import { coalesced } from './revision-feed';

/** How long "typing…" stays up after the last signal (the server relays one every 2 s at most). */
const TYPING_SHOWN_MS = 4000;
/** How often this browser sends "typing" while the person writes. */
const TYPING_SEND_MS = 2000;
/** How long a gap may stay open (an event overtaken by a later one) before the feed is asked. */
const GAP_WAIT_MS = 1500;
/** Messages per page of the change feed (the API's most). */
const FEED_PAGE = 200;

export type SendResult = { ok: true } | { ok: false; message: string; field?: string };

export class LiveConversation {
	#set = $state.raw<MessageSet>(fromPage({ messages: [], hasMore: false, revision: 0 }));
	readers = $state<ConversationReader[]>([]);
	/** Ids of the other members typing right now. */
	typing = $state<number[]>([]);
	/** The caller's read position (seq). */
	lastReadSeq = $state(0);

	readonly #typingTimers = new Map<number, ReturnType<typeof setTimeout>>();
	#lastTypingSent = 0;
	#reading = false;
	#socket: BrowserSocket | undefined;
	/** A resync is reading the feed; another asked meanwhile runs after it. */
	#gapTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly conversationId: number,
		readonly me: number,
		initial: { page: MessagePage; readers: ConversationReader[]; lastReadSeq: number },
		private readonly onIncoming: (message: Message) => void = () => {}
	) {
		this.#set = fromPage(initial.page);
		this.readers = initial.readers;
		this.lastReadSeq = initial.lastReadSeq;
	}

	/** The messages shown, by seq. */
	get messages(): Message[] {
		return this.#set.messages;
	}

	/** Every change up to this revision is shown. */
	get revision(): number {
		return this.#set.revision;
	}

	/** An older page (`?before=` the first seq shown) joins the log. */
	older(page: { messages: Message[]; hasMore: boolean }): void {
		this.#set = addOlder(this.#set, page);
	}

	/** Applies one change (live or our own request's answer); tells about others' new messages. */
	#apply(next: MessageSet): void {
		const added = arrivals(this.#set, next);
		this.#set = next;
		for (const message of added) if (message.senderId !== this.me && !message.deleted) this.onIncoming(message);
	}

	/** Listens for this conversation's events until the returned cleanup runs. */
	connect(): () => void {
		const { socket, release } = useSocket();
		this.#socket = socket;
		const mine = (id: number) => id === this.conversationId;
		const onNew = ({ message }: { message: Message }) => {
			if (!mine(message.conversationId)) return;
			this.#stopTyping(message.senderId);
			this.#live(message);
			this.markRead();
		};
		const onUpdated = ({ message }: { message: Message }) => {
			if (mine(message.conversationId)) this.#live(message);
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
			if (this.#gapTimer) clearTimeout(this.#gapTimer);
			this.#gapTimer = null;
			this.#socket = undefined;
			release();
		};
	}

	#stopTyping(userId: number): void {
		clearTimeout(this.#typingTimers.get(userId));
		this.#typingTimers.delete(userId);
		this.typing = this.typing.filter((id) => id !== userId);
	}

	/** A change heard live: applied once; a gap left open for a moment sends for the feed. */
	#live(message: Message): void {
		this.#apply(applyLive(this.#set, message));
		if (!hasGap(this.#set) || this.#gapTimer) return;
		this.#gapTimer = setTimeout(() => {
			this.#gapTimer = null;
			if (hasGap(this.#set)) void this.resync();
		}, GAP_WAIT_MS);
	}

	/**
	 * Reads the change feed from the revision held to its end, applying page by page (pageFeed);
	 * never two at once, and once more when asked meanwhile (coalesced). Then marks what is new read.
	 */
	readonly resync = coalesced(async () => {
		const done = await pageFeed(
			this.#set.revision,
			async (since) => {
				const url = `/api/conversations/${this.conversationId}/messages?since=${since}&limit=${FEED_PAGE}`;
				const response = await fetch(url).catch(() => undefined);
				return response?.ok ? ((await response.json()) as MessagePage) : undefined;
			},
			(page) => this.#apply(applyPage(this.#set, page))
		);
		if (done) this.markRead();
		return done;
	});

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
		this.#apply(applyLive(this.#set, ((await response.json()) as { message: Message }).message));
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
		this.#apply(applyLive(this.#set, ((await response.json()) as { message: Message }).message));
		return { ok: true };
	}

	async remove(messageId: number): Promise<SendResult> {
		const response = await fetch(`/api/messages/${messageId}`, { method: 'DELETE' }).catch(() => undefined);
		if (!response) return { ok: false, message: 'You seem to be offline. Try again.' };
		if (!response.ok) return { ok: false, ...(await apiProblem(response)) };
		this.#set = markDeleted(this.#set, messageId);
		return { ok: true };
	}
}
