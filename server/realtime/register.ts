import type { AppContext } from '../../src/lib/server/context';
import { rooms } from '../../src/lib/realtime/events';
import { bindCommands } from './dispatch';
import { handlers, type HandlerTable } from './handlers/index';
import { watchReviewDisconnects } from './handlers/review';
import { handshake } from './handshake';
import { SESSION_RECHECK_MS, sweepEndedSessions } from './session-check';
import type { RealtimeServer } from './types';

export interface RegisterOptions {
	/** The command handlers; tests replace them to prove the failure paths. */
	handlers?: HandlerTable;
}

/**
 * The handshake and the command handlers, for any Socket.IO server: a socket signs in with the
 * session cookie or `auth.token` and joins its user's and its session's rooms; anything else is
 * refused. Every few minutes the node ends sockets whose session ended some other way (see
 * session-check.ts). `context` is a function so that the dev server can create the context
 * lazily. The server is handed to the context's emitter, so services emit through it.
 */
export function registerRealtime(
	io: RealtimeServer,
	context: () => Promise<AppContext>,
	options: RegisterOptions = {}
): { close(): void } {
	const table = options.handlers ?? handlers;
	// The handshake awaits the context, so a connected socket always finds it here.
	let current: AppContext | undefined;
	const contextOnce = async () => (current ??= await context());
	io.use(handshake(contextOnce));
	io.on('connection', (socket) => {
		if (!current) return void socket.disconnect(true);
		void socket.join([rooms.user(socket.data.userId), rooms.session(socket.data.sessionId)]);
		bindCommands(current, socket, table);
		watchReviewDisconnects(current, socket);
	});
	contextOnce().then(
		(ctx) => ctx.realtime.attach(io),
		() => undefined // the handshake reports a context that cannot be made
	);
	const sweep = setInterval(() => {
		if (!current) return;
		const ctx = current;
		sweepEndedSessions(ctx, io).catch((error: Error) =>
			ctx.logger.error({ err: error.message, stack: error.stack }, 'socket session sweep failed')
		);
	}, SESSION_RECHECK_MS);
	sweep.unref();
	return { close: () => clearInterval(sweep) };
}
