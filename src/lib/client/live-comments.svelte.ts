// One video's comments, kept live: the page's loaded list, then every `comment:*` event of the
// video's room. The room is joined on every (re)connect; after each join the store asks the API
// for what was committed after the newest comment it holds (`?after=`), so a comment posted
// while the socket was away is fetched once, and one that also arrives as an event is merged,
// not shown twice (comment-merge.ts).
import type { Comment, CommentPage, AccessEnded } from './comment-types';
import { emptySet, remove, upsert, type CommentSet } from './comment-merge';
import { fetchCommentsAfter } from './comments';
import { formatTimestamp } from './format';
import { useSocket } from './socket';

/** How long a comment that someone else just posted stays highlighted. */
const FRESH_MS = 4000;

export type Connection = 'connecting' | 'live' | 'offline';

export class LiveComments {
	#set = $state.raw<CommentSet>(emptySet());
	/** Set when the server took this page out of the video's room; no rejoin after that. */
	ended = $state<AccessEnded | null>(null);
	connection = $state<Connection>('connecting');
	/** The last join or resync failure, in words; cleared by the next success. */
	problem = $state<string | null>(null);
	/** Ids of comments from others that arrived live a moment ago. */
	fresh = $state.raw<ReadonlySet<number>>(new Set());
	/** What a screen reader should hear about comments arriving live. */
	announcement = $state('');

	readonly #videoId: number;
	readonly #me: number;
	#timers = new Set<ReturnType<typeof setTimeout>>();

	constructor(videoId: number, me: number, initial: CommentPage) {
		this.#videoId = videoId;
		this.#me = me;
		// A partial first page holds the oldest comments by commit order, so the first resync's
		// `?after=` the newest of them fetches the rest.
		this.#set = upsert(emptySet(), initial.comments);
	}

	get comments(): Comment[] {
		return this.#set.comments;
	}

	/** Our own change, as the API answered it (its event may arrive before or after). */
	put(comment: Comment): void {
		this.#set = upsert(this.#set, [comment]);
	}

	drop(ids: number[]): void {
		this.#set = remove(this.#set, ids);
	}

	/** Listens until the returned function is called (an `$effect` cleanup). */
	connect(): () => void {
		const { socket, release } = useSocket();
		const videoId = this.#videoId;
		const mine = (payload: { videoId: number }) => payload.videoId === videoId;

		const join = () => {
			if (this.ended) return;
			this.connection = 'connecting';
			socket.emit('video:join', { videoId }, (ack) => {
				if (!ack.ok) {
					this.connection = 'offline';
					this.problem = ack.error.message;
					if (ack.error.code === 'not_found' || ack.error.code === 'forbidden') this.ended = 'access_lost';
					return;
				}
				this.connection = 'live';
				void this.#resync();
			});
		};
		const onCreated = ({ comment }: { comment: Comment }) => {
			if (!mine(comment)) return;
			const known = this.#set.comments.some((c) => c.id === comment.id);
			this.#set = upsert(this.#set, [comment]);
			if (!known && comment.author.id !== this.#me) this.#arrived([comment]);
		};
		const onUpdated = ({ comment }: { comment: Comment }) => {
			if (mine(comment)) this.#set = upsert(this.#set, [comment]);
		};
		const onDeleted = (payload: { id: number; videoId: number; replyIds: number[] }) => {
			if (mine(payload)) this.#set = remove(this.#set, [payload.id, ...payload.replyIds]);
		};
		const onLeft = (payload: { videoId: number; reason: AccessEnded }) => {
			if (!mine(payload)) return;
			this.ended = payload.reason;
			this.connection = 'offline';
		};
		const onDisconnect = () => {
			if (!this.ended) this.connection = 'offline';
		};

		socket.on('connect', join);
		socket.on('disconnect', onDisconnect);
		socket.on('comment:created', onCreated);
		socket.on('comment:updated', onUpdated);
		socket.on('comment:deleted', onDeleted);
		socket.on('video:left', onLeft);
		if (socket.connected) join();
		return () => {
			socket.off('connect', join);
			socket.off('disconnect', onDisconnect);
			socket.off('comment:created', onCreated);
			socket.off('comment:updated', onUpdated);
			socket.off('comment:deleted', onDeleted);
			socket.off('video:left', onLeft);
			if (socket.connected && !this.ended) socket.emit('video:leave', { videoId }, () => {});
			for (const timer of this.#timers) clearTimeout(timer);
			this.#timers.clear();
			release();
		};
	}

	/** Fetches what was committed after the newest comment held (everything when it holds none). */
	async #resync(): Promise<void> {
		const before = new Set(this.#set.comments.map((c) => c.id));
		const found = await fetchCommentsAfter(this.#videoId, this.#set.cursor?.id ?? null);
		if (!found.ok) {
			this.problem = found.message;
			return;
		}
		this.problem = null;
		this.#set = upsert(this.#set, found.value);
		const missed = found.value.filter((c) => !before.has(c.id) && c.author.id !== this.#me && this.#set.comments.includes(c));
		if (missed.length) this.#arrived(missed);
	}

	#arrived(comments: Comment[]): void {
		const ids = comments.map((c) => c.id);
		this.fresh = new Set([...this.fresh, ...ids]);
		const first = comments[0];
		this.announcement =
			comments.length === 1 && first
				? `New comment from ${first.author.fullName} at ${formatTimestamp(first.timestamp)}: ${first.content.slice(0, 140)}`
				: `${comments.length} new comments.`;
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			const next = new Set(this.fresh);
			for (const id of ids) next.delete(id);
			this.fresh = next;
		}, FRESH_MS);
		this.#timers.add(timer);
	}
}
