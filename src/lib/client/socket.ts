// The browser's one Socket.IO connection, opened on first use and shared by every component on
// the page. The session cookie authenticates it; the server puts it in the user's `user:{id}` room.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/realtime/events';
import type { Video, VideoProgress } from './video-types';

/**
 * The video events of the API contract. They belong in `$lib/realtime/events.ts` (the API branch
 * adds them there); once they are, this type is that map's and this extension goes away.
 */
interface VideoEvents {
	'video:progress': (payload: VideoProgress) => void;
	'video:updated': (payload: { video: Video }) => void;
}

export type BrowserSocket = Socket<ServerToClientEvents & VideoEvents, ClientToServerEvents>;

let socket: BrowserSocket | null = null;
let users = 0;

/** The shared socket; call the returned release() when the component using it goes away. */
export function useSocket(): { socket: BrowserSocket; release: () => void } {
	socket ??= io({ path: '/socket.io/', transports: ['websocket', 'polling'], withCredentials: true });
	users++;
	let released = false;
	return {
		socket,
		release() {
			if (released) return;
			released = true;
			if (--users === 0 && socket) {
				socket.disconnect();
				socket = null;
			}
		}
	};
}

/**
 * Calls the handlers with every progress and update event about the user's videos until the
 * returned function is called (an `$effect`'s cleanup).
 */
export function watchVideos(handlers: { progress?: (p: VideoProgress) => void; updated?: (video: Video) => void }): () => void {
	const { socket, release } = useSocket();
	const onProgress = (payload: VideoProgress) => handlers.progress?.(payload);
	const onUpdated = (payload: { video: Video }) => handlers.updated?.(payload.video);
	socket.on('video:progress', onProgress);
	socket.on('video:updated', onUpdated);
	return () => {
		socket.off('video:progress', onProgress);
		socket.off('video:updated', onUpdated);
		release();
	};
}
