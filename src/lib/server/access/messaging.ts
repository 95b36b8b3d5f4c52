import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { forbidden } from '../errors';
import { assertAllowed, deny, type Caller, type Decision } from './decision';
import { isReachableUser, loadConnections, loadMessageFacts, othersReachable } from './connections.repository';
import { decideMessage, decideMessaging, type MessageAction } from './policy';

// Who may message whom, and who may change a message: the `can*`/`assert*` of messaging, beside
// canOnConversation in access.ts.

export { othersReachable } from './connections.repository';

/** Whether the caller may start (or write in) a conversation with `personId`. */
export async function canMessage(db: Kysely<DB>, caller: Caller, personId: number): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	if (!(await isReachableUser(db, personId))) return decideMessaging(caller, undefined);
	return decideMessaging(caller, { connections: await loadConnections(db, caller.id, personId) });
}

export async function assertCanMessage(db: Kysely<DB>, caller: Caller, personId: number): Promise<void> {
	assertAllowed(await canMessage(db, caller, personId), 'User');
}

export async function canOnMessage(db: Kysely<DB>, caller: Caller, messageId: number, action: MessageAction): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideMessage(caller, await loadMessageFacts(db, messageId, caller.id, { withReach: action === 'edit' }), action);
}

export async function assertCanOnMessage(db: Kysely<DB>, caller: Caller, messageId: number, action: MessageAction): Promise<void> {
	assertAllowed(await canOnMessage(db, caller, messageId, action), 'Message');
}

/**
 * Inside the transaction that writes a message: holds the rows that connect the sender to every
 * other member (FOR SHARE) until it commits, and refuses when one of them is gone. A removal that
 * raced the access check either waits for this message or is seen here.
 */
export async function holdMessagingConnections(trx: Kysely<DB>, conversationId: number, senderId: number): Promise<void> {
	if (!(await othersReachable(trx, conversationId, senderId, { lock: true }))) {
		throw forbidden('You can no longer send messages here: you are not connected to this person any more.');
	}
}
