import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { StoredFileRow } from '../db/schema.storage';
import { findStoredFile } from '../storage/stored-files.repository';
import { assertAllowed, deny, type Caller, type Decision } from './decision';
import { othersReachable } from './connections.repository';
import { loadCommentFacts, loadConversationFacts, loadReviewSessionFacts, loadVideoFacts } from './access.repository';
import {
	decideComment,
	decideConversation,
	decideFile,
	decideReviewSession,
	decideVideo,
	type CommentAction,
	type ConversationAction,
	type ReviewSessionAction,
	type VideoAction
} from './policy';

// The one place the API, the sockets and /media ask "may this caller do this?". Each `can*`
// loads the facts it needs and returns a Decision; each `assert*` throws the matching AppError
// (401 anonymous, 404 unknown or hidden, 403 visible but not allowed).

export async function canOnVideo(db: Kysely<DB>, caller: Caller, videoId: number, action: VideoAction): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideVideo(caller, await loadVideoFacts(db, videoId, caller.id), action);
}

export const canViewVideo = (db: Kysely<DB>, caller: Caller, videoId: number) => canOnVideo(db, caller, videoId, 'view');
export const canCommentOnVideo = (db: Kysely<DB>, caller: Caller, videoId: number) => canOnVideo(db, caller, videoId, 'comment');
export const canShareVideo = (db: Kysely<DB>, caller: Caller, videoId: number) => canOnVideo(db, caller, videoId, 'share');
export const canManageVideo = (db: Kysely<DB>, caller: Caller, videoId: number) => canOnVideo(db, caller, videoId, 'manage');

export async function assertCanOnVideo(db: Kysely<DB>, caller: Caller, videoId: number, action: VideoAction): Promise<void> {
	assertAllowed(await canOnVideo(db, caller, videoId, action), 'Video');
}

export async function canOnComment(db: Kysely<DB>, caller: Caller, commentId: number, action: CommentAction): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	return decideComment(caller, await loadCommentFacts(db, commentId, caller.id), action);
}

export async function assertCanOnComment(db: Kysely<DB>, caller: Caller, commentId: number, action: CommentAction): Promise<void> {
	assertAllowed(await canOnComment(db, caller, commentId, action), 'Comment');
}

export async function canOnConversation(
	db: Kysely<DB>,
	caller: Caller,
	conversationId: number,
	action: ConversationAction
): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	const facts = await loadConversationFacts(db, conversationId, caller.id);
	if (facts && action === 'post') facts.othersReachable = await othersReachable(db, conversationId, caller.id);
	return decideConversation(caller, facts, action);
}

export async function assertCanOnConversation(
	db: Kysely<DB>,
	caller: Caller,
	conversationId: number,
	action: ConversationAction
): Promise<void> {
	assertAllowed(await canOnConversation(db, caller, conversationId, action), 'Conversation');
}

/** `controllerId` comes from the session's live state, when control was handed on. */
export async function canOnReviewSession(
	db: Kysely<DB>,
	caller: Caller,
	sessionId: number,
	action: ReviewSessionAction,
	live: { controllerId?: number } = {}
): Promise<Decision> {
	if (!caller) return deny('unauthenticated');
	const facts = await loadReviewSessionFacts(db, sessionId, caller.id);
	return decideReviewSession(caller, facts && { ...facts, controllerId: live.controllerId }, action);
}

export async function assertCanOnReviewSession(
	db: Kysely<DB>,
	caller: Caller,
	sessionId: number,
	action: ReviewSessionAction,
	live: { controllerId?: number } = {}
): Promise<void> {
	assertAllowed(await canOnReviewSession(db, caller, sessionId, action, live), 'Review session');
}

/** Whether the caller may read a stored object; when allowed, its record (content type, kind). */
export async function canReadFile(
	db: Kysely<DB>,
	caller: Caller,
	key: string
): Promise<{ allowed: true; file: StoredFileRow } | Extract<Decision, { allowed: false }>> {
	if (!caller) return { allowed: false, reason: 'unauthenticated' };
	const file = await findStoredFile(db, key);
	const video = file?.video_id ? await loadVideoFacts(db, file.video_id, caller.id) : undefined;
	const decision = decideFile(caller, file && { kind: file.kind, ownerId: file.owner_id, video });
	return decision.allowed && file ? { allowed: true, file } : { allowed: false, reason: decision.allowed ? 'not_found' : decision.reason };
}
