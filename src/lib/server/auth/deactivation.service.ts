import type { AppContext } from '../context';
import { notFound } from '../errors';
import { updateUser } from '../users/users.repository';
import { deleteUserSessions } from './auth.repository';

/**
 * Deactivates an account: it can no longer sign in, every session ends, and its open sockets on
 * every node are told why and disconnected. No route calls this yet (an admin surface will).
 */
export async function deactivateUser(ctx: AppContext, userId: number): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const user = await updateUser(trx, userId, { active: false });
		if (!user) throw notFound('User');
		await deleteUserSessions(trx, userId);
	});
	ctx.realtime.toUser(userId).end('deactivated');
}
