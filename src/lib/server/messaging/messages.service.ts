import { assertCanOnConversation, assertCanOnMessage, canShareVideo, holdMessagingConnections } from '../access';
import { consumePoint } from '../auth/rate-limits';
import type { AppContext } from '../context';
import type { SessionUser } from '../db/schema';
import { AppError, invalid, notFound } from '../errors';
import { pushNotification, type NotificationPush } from '../notifications/notifications.service';
import { grantShare } from '../videos/sharing.service';
import { findVideoWithOwner } from '../videos/videos.repository';
import { toMessage, type Message } from './message.dto';
import { announceMessage, announceRead } from './message-events';
import { markRead, memberIds } from './conversations.repository';
import { takeMessageRevision } from './message-feed.repository';
import { conversationOfMessage, findMessage, insertMessage, softDeleteMessage, updateMessageContent } from './messages.repository';
import type { EditMessageInput, SendMessageInput } from './messaging.schemas';

// Every change commits first, then goes to the members' `user:{id}` rooms; nothing is announced
// that a rollback could take back.

/** A message uses a point of the sender's burst limit and of their per-minute limit. */
async function spendMessagePoint(ctx: AppContext, userId: number): Promise<void> {
	await consumePoint(ctx.rateLimits.messageBurstByUser, `user:${userId}`);
	await consumePoint(ctx.rateLimits.messagesPerMinuteByUser, `user:${userId}`);
}

/** The video a sender attaches: one they may share (their own), or a refusal naming `videoId`. */
async function attachableVideo(ctx: AppContext, caller: SessionUser, videoId: number) {
	const decision = await canShareVideo(ctx.db, caller, videoId);
	if (!decision.allowed) {
		if (decision.reason === 'forbidden') throw new AppError(403, 'forbidden', 'You can send only your own videos.', { field: 'videoId' });
		throw invalid('videoId', 'Choose one of your own videos to send.');
	}
	const video = await findVideoWithOwner(ctx.db, videoId);
	if (!video) throw invalid('videoId', 'Choose one of your own videos to send.');
	// A card the others could never play: the upload has to be made again first.
	if (video.video_status === 'error') throw invalid('videoId', 'This video could not be processed, so it cannot be sent. Upload it again.');
	return video;
}

/**
 * Sends a message in a conversation the caller may post in. A video goes as a card, and sending
 * it shares it with the other members (their `video_shared` notification too) in the same
 * transaction. The sender has read everything up to their own message.
 */
export async function sendMessage(ctx: AppContext, caller: SessionUser, conversationId: number, input: SendMessageInput): Promise<Message> {
	await assertCanOnConversation(ctx.db, caller, conversationId, 'post');
	const video = input.videoId === undefined ? undefined : await attachableVideo(ctx, caller, input.videoId);
	await spendMessagePoint(ctx, caller.id);
	const { row, members, pushes } = await ctx.db.transaction().execute(async (trx) => {
		const row = await insertMessage(trx, { conversationId, senderId: caller.id, content: input.content, videoId: video?.id ?? null });
		if (!row) throw notFound('Conversation');
		await holdMessagingConnections(trx, conversationId, caller.id);
		const members = await memberIds(trx, conversationId);
		const pushes: NotificationPush[] = [];
		for (const userId of video ? members.filter((id) => id !== caller.id) : []) {
			const granted = await grantShare(trx, { videoId: video!.id, videoTitle: video!.title, sharerName: caller.full_name, userId });
			if (granted) pushes.push(granted.notification);
		}
		await markRead(trx, conversationId, caller.id, { seq: row.seq, messageId: row.id });
		return { row, members, pushes };
	});
	const message = toMessage({ ...row, video: video ? { id: video.id, title: video.title, thumbnail_key: video.thumbnail_key } : null });
	announceMessage(ctx, members, 'message:new', message);
	announceRead(ctx, members, { conversationId, userId: caller.id, lastMessageId: row.id, lastReadSeq: row.seq });
	for (const push of pushes) pushNotification((id, event, ...args) => ctx.realtime.toUser(id).emit(event, ...args), push);
	return message;
}

/** The change could not be made (the message is deleted): nothing is written, no revision taken. */
class Unchanged extends Error {}

/**
 * Changes a message under its conversation's next revision, in one transaction that locks the
 * conversation row first (as sending does), and tells the members. When `change` finds nothing
 * to change, the transaction rolls back, so no revision is spent without a message showing it.
 */
async function changeMessage(
	ctx: AppContext,
	messageId: number,
	change: (trx: AppContext['db'], revision: number) => Promise<boolean>
): Promise<Message | undefined> {
	const conversationId = await conversationOfMessage(ctx.db, messageId);
	if (conversationId === undefined) throw notFound('Message');
	const row = await ctx.db
		.transaction()
		.execute(async (trx) => {
			const revision = await takeMessageRevision(trx, conversationId);
			if (revision === undefined || !(await change(trx, revision))) throw new Unchanged();
			// Read inside the transaction: the message as this change left it, not a later one's.
			return findMessage(trx, messageId);
		})
		.catch((err: unknown) => {
			if (err instanceof Unchanged) return undefined;
			throw err;
		});
	if (!row) return undefined;
	const message = toMessage(row);
	announceMessage(ctx, await memberIds(ctx.db, conversationId), 'message:updated', message);
	return message;
}

/** The sender changes the text of their message (while they may still post there). */
export async function editMessage(ctx: AppContext, caller: SessionUser, messageId: number, input: EditMessageInput): Promise<Message> {
	await assertCanOnMessage(ctx.db, caller, messageId, 'edit');
	const message = await changeMessage(ctx, messageId, (trx, revision) => updateMessageContent(trx, messageId, { content: input.content, revision }));
	if (!message) throw new AppError(409, 'message_deleted', 'This message was deleted; it cannot be edited.');
	return message;
}

/** The sender deletes their message: it keeps its place, without content. Deleting twice is fine. */
export async function deleteMessage(ctx: AppContext, caller: SessionUser, messageId: number): Promise<void> {
	await assertCanOnMessage(ctx.db, caller, messageId, 'delete');
	await changeMessage(ctx, messageId, (trx, revision) => softDeleteMessage(trx, messageId, revision));
}
