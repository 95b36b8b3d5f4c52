import { rooms } from '../../src/lib/realtime/events';
import type { AppContext } from '../../src/lib/server/context';
import type { EmitToUser, JobDeps } from '../../src/lib/server/jobs/index';
import type { RealtimeServer } from '../realtime/types';

/**
 * What job handlers get in this process. `io` is the web process's Socket.IO server (with Redis, a
 * room emit reaches every node); the worker process has none yet and logs what it would push.
 */
export function jobDeps(ctx: AppContext, io: RealtimeServer | undefined): JobDeps {
	const emit: EmitToUser = (userId, event, ...args) => {
		if (io) io.to(rooms.user(userId)).emit(event, ...args);
		else ctx.logger.debug({ userId, event }, 'no realtime emitter in this process: event not pushed');
	};
	return { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, emit };
}
