// The navigation's unread-messages count, live: any messaging event that can change it (a message
// from someone else, an edit or deletion, one's own read position moving on any tab) asks the API
// for the total again, as does every (re)connect, so the count is never a guess.
import { useSocket } from './socket';

export function watchUnreadMessages(userId: number, onCount: (count: number) => void): () => void {
	const { socket, release } = useSocket();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const refresh = () => {
		clearTimeout(timer);
		timer = setTimeout(async () => {
			try {
				const response = await fetch('/api/conversations/unread-count', { headers: { accept: 'application/json' } });
				if (response.ok && !stopped) onCount(((await response.json()) as { unreadCount: number }).unreadCount);
			} catch {
				// Offline: the next event or reconnect tries again.
			}
		}, 120);
	};
	const onNew = ({ message }: { message: { senderId: number } }) => {
		if (message.senderId !== userId) refresh();
	};
	const onRead = (read: { userId: number }) => {
		if (read.userId === userId) refresh();
	};
	socket.on('message:new', onNew);
	socket.on('message:updated', refresh);
	socket.on('message:read', onRead);
	socket.on('connect', refresh);
	return () => {
		stopped = true;
		clearTimeout(timer);
		socket.off('message:new', onNew);
		socket.off('message:updated', refresh);
		socket.off('message:read', onRead);
		socket.off('connect', refresh);
		release();
	};
}
