// One video's comments, kept live: the page's loaded list, then every `comment:*` event of the
// video's room. The room is joined on every (re)connect; after each join the store reads the
// video's change feed (`?since=` the revision it holds every change up to), so comments created,
// edited or deleted while the socket was away are caught up on, and one that also arrives as an
// event is applied once (comment-merge.ts). An event past a revision not seen yet (a gap) makes it
// read the feed too, if the missing one has not arrived in a moment.
import type { Comment, CommentPage, CommentTombstone, AccessEnded } from './comment-types';
import { applyLive, applyPage, emptySet, fromPage, hasGap, remove, type CommentSet } from './comment-merge';
import { fetchChanges, pageChangesSince } from './comments';
import { formatTimestamp } from './format';
import { useSocket } from './socket';
import { coalesced } from './revision-feed';

/** How long a comment that someone else just posted stays highlighted. */
const FRESH_MS = 4000;
/** How long a gap may stay open (an event overtaken by a later one) before the feed is asked. */
const GAP_WAIT_MS = 1500;

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
	/** A resync is reading the feed; another asked meanwhile runs after it. */
	#gapTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(videoId: number, me: number, initial: CommentPage) {
		this.#videoId = videoId;
		this.#me = me;
		this.#set = fromPage(initial);
	}

	get comments(): Comment[] {
		return this.#set.comments;
	}

	/** Our own change, as the API answered it (its event may arrive before or after). */
	put(comment: Comment): void {
		this.#set = applyLive(this.#set, comment);
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
			this.#live(comment);
			if (!known && comment.author.id !== this.#me && this.#set.comments.includes(comment)) this.#arrived([comment]);
		};
		const onUpdated = ({ comment }: { comment: Comment }) => {
			if (mine(comment)) this.#live(comment);
		};
		const onDeleted = (tombstone: CommentTombstone) => {
			if (mine(tombstone)) this.#live(tombstone);
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
			if (this.#gapTimer) clearTimeout(this.#gapTimer);
			this.#gapTimer = null;
			release();
		};
	}

	/** A change heard live: applied once; a gap left open for a moment sends for the feed. */
	#live(change: Comment | CommentTombstone): void {
		this.#set = applyLive(this.#set, change);
		if (!hasGap(this.#set) || this.#gapTimer) return;
		this.#gapTimer = setTimeout(() => {
			this.#gapTimer = null;
			if (hasGap(this.#set)) void this.#resync();
		}, GAP_WAIT_MS);
	}

	/**
	 * Reads the change feed from the revision held to its end, applying page by page. Each page
	 * continues from the last one's end, not from what arrived live meanwhile (see pageChangesSince).
	 */
	readonly #resync = coalesced(async () => {
		const result = await pageChangesSince(
			this.#set.revision,
			(since) => fetchChanges(this.#videoId, since),
			(page) => {
				const before = new Set(this.#set.comments.map((c) => c.id));
				this.#set = applyPage(this.#set, page);
				const missed = this.#set.comments.filter((c) => !before.has(c.id) && c.author.id !== this.#me && page.comments.includes(c));
				if (missed.length) this.#arrived(missed);
			}
		);
		this.problem = result.ok ? null : result.message;
		// A failed read shows its problem; a run asked for meanwhile still goes (it may succeed).
		return true;
	});

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
