// The browser's one Socket.IO connection, opened on first use and shared by every component on
// the page. The session cookie authenticates it; the server puts it in the user's `user:{id}` room.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/realtime/events';
import type { Video, VideoProgress } from './video-types';

export type BrowserSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
 * returned function is called (an `$effect`'s cleanup). Events sent while no socket listened
 * (between the server render and hydration, or during a reconnect) are never replayed, so
 * `resync` runs whenever the socket (re)connects, and at once if it already is: the page asks
 * the API for the current state then.
 */
export function watchVideos(handlers: {
	progress?: (p: VideoProgress) => void;
	updated?: (video: Video) => void;
	resync?: () => void;
}): () => void {
	const { socket, release } = useSocket();
	const onProgress = (payload: VideoProgress) => handlers.progress?.(payload);
	const onUpdated = (payload: { video: Video }) => handlers.updated?.(payload.video);
	const onConnect = () => handlers.resync?.();
	socket.on('video:progress', onProgress);
	socket.on('video:updated', onUpdated);
	socket.on('connect', onConnect);
	if (socket.connected) onConnect();
	return () => {
		socket.off('video:progress', onProgress);
		socket.off('video:updated', onUpdated);
		socket.off('connect', onConnect);
		release();
	};
}

/** The video as the API has it now, or undefined when it cannot be read (gone, offline). */
export async function fetchVideo(id: number): Promise<Video | undefined> {
	try {
		const response = await fetch(`/api/videos/${id}`, { headers: { accept: 'application/json' } });
		return response.ok ? ((await response.json()) as { video: Video }).video : undefined;
	} catch {
		return undefined;
	}
}
