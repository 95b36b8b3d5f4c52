// The conversation list beside the open conversation, live: `message:*` events change it in place
// (InboxList's steps), a conversation the list does not hold yet is fetched on its own, and every
// (re)connect fetches the first page again (events sent while away are not replayed) and merges it.
// "Load more" appends the next older page.
import { InboxList, type InboxPage, type ToFetch } from './inbox-list';
import { useSocket } from './socket';
import type { Conversation, Message } from './message-types';
import type { MessageRead } from '$lib/realtime/events';

const json = { headers: { accept: 'application/json' } };

export class LiveInbox {
	conversations = $state<readonly Conversation[]>([]);
	hasMore = $state(false);
	loadingMore = $state(false);
	/** Why the last "Load more" failed, until the next try. */
	moreError = $state<string | null>(null);

	readonly #list: InboxList;
	readonly #pageSize: number;
	readonly #openId: () => number | null;
	/** Conversations being fetched on their own: a second event for one waits for that answer. */
	readonly #fetching = new Set<number>();
	#stopped = false;

	constructor(options: { me: number; pageSize: number; initial: InboxPage; openId: () => number | null }) {
		this.#list = new InboxList(options.me);
		this.#pageSize = options.pageSize;
		this.#openId = options.openId;
		this.reset(options.initial);
	}

	/** Merges a first page the server answered (the layout's load, when it ran again). */
	reset(page: InboxPage): void {
		this.#after(this.#list.applyFirstPage(this.#list.beginFetch(), page));
	}

	connect(): () => void {
		this.#stopped = false;
		const { socket, release } = useSocket();
		// The open conversation marks what arrives read only while the page is in view.
		const open = () => (document.visibilityState === 'visible' ? this.#openId() : null);
		const onNew = ({ message }: { message: Message }) => this.#after(this.#list.messageNew(message, open()));
		const onUpdated = ({ message }: { message: Message }) => this.#after(this.#list.messageUpdated(message));
		const onRead = (read: MessageRead) => this.#after(this.#list.messageRead(read));
		const onConnect = () => void this.#reloadFirstPage();
		socket.on('message:new', onNew);
		socket.on('message:updated', onUpdated);
		socket.on('message:read', onRead);
		socket.on('connect', onConnect);
		return () => {
			this.#stopped = true;
			socket.off('message:new', onNew);
			socket.off('message:updated', onUpdated);
			socket.off('message:read', onRead);
			socket.off('connect', onConnect);
			release();
		};
	}

	/** Appends the next older page; true when it did. */
	async loadMore(): Promise<boolean> {
		const cursor = this.#list.nextCursor;
		if (cursor === null || this.loadingMore) return false;
		this.loadingMore = true;
		this.moreError = null;
		try {
			const page = await this.#get<InboxPage>(`/api/conversations?limit=${this.#pageSize}&cursor=${encodeURIComponent(cursor)}`);
			if (!page) {
				this.moreError = 'Could not load more conversations. Try again.';
				return false;
			}
			const appended = this.#list.appendPage(cursor, page);
			this.#sync();
			return appended;
		} finally {
			this.loadingMore = false;
		}
	}

	/** Publishes the list's state and fetches the conversations a step named. */
	#after(toFetch: ToFetch): void {
		this.#sync();
		for (const id of toFetch) void this.#fetchOne(id);
	}

	#sync(): void {
		this.conversations = this.#list.conversations;
		this.hasMore = this.#list.nextCursor !== null;
	}

	async #fetchOne(id: number): Promise<void> {
		if (this.#fetching.has(id)) return; // its answer names it again if an event came meanwhile
		this.#fetching.add(id);
		const ticket = this.#list.beginFetch();
		try {
			const body = await this.#get<{ conversation: Conversation }>(`/api/conversations/${id}`);
			if (body && !this.#stopped) {
				this.#fetching.delete(id);
				this.#after(this.#list.applyConversation(ticket, body.conversation));
			}
		} finally {
			this.#fetching.delete(id);
		}
	}

	async #reloadFirstPage(): Promise<void> {
		const ticket = this.#list.beginFetch();
		const page = await this.#get<InboxPage>(`/api/conversations?limit=${this.#pageSize}`);
		if (page && !this.#stopped) this.#after(this.#list.applyFirstPage(ticket, page));
	}

	/** The JSON body, or undefined when offline or refused (the next event or reconnect tries again). */
	async #get<T>(url: string): Promise<T | undefined> {
		try {
			const response = await fetch(url, json);
			return response.ok ? ((await response.json()) as T) : undefined;
		} catch {
			return undefined;
		}
	}
}
