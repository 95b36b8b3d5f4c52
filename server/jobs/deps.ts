import type { AppContext } from '../../src/lib/server/context';
import type { EmitToUser, JobDeps } from '../../src/lib/server/jobs/index';

/**
 * What job handlers get in this process. Events go out through the context's emitter: the web
 * process's Socket.IO server (and its Redis adapter) when one is attached, the Redis emitter in
 * the worker process, so a job's push reaches the user's sockets on every node.
 */
export function jobDeps(ctx: AppContext): JobDeps {
	const emit: EmitToUser = (userId, event, ...args) => ctx.realtime.toUser(userId).emit(event, ...args);
	return { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, emit };
}
