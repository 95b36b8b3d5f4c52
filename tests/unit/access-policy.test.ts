import { describe, expect, it } from 'bun:test';
import { decisionStatus, denialError } from '../../src/lib/server/access/decision';
import {
	decideComment,
	decideConversation,
	decideFile,
	decideMessage,
	decideMessaging,
	decideReviewSession,
	decideVideo,
	type ReviewSessionFacts,
	type VideoFacts
} from '../../src/lib/server/access/policy';

const owner = { id: 1, verified: true };
const shared = { id: 2, verified: true };
const stranger = { id: 3, verified: true };
const unverified = { id: 4, verified: false };

const privateVideo = (caller: { id: number }): VideoFacts => ({ ownerId: 1, isPublic: false, sharedWithCaller: caller.id === 2 });
const publicVideo = (caller: { id: number }): VideoFacts => ({ ...privateVideo(caller), isPublic: true });
const status = (decision: Parameters<typeof decisionStatus>[0]) => decisionStatus(decision);

describe('video access', () => {
	it('lets the owner view, comment on, share and manage a private video', () => {
		for (const action of ['view', 'comment', 'share', 'manage'] as const) {
			expect(decideVideo(owner, privateVideo(owner), action)).toEqual({ allowed: true });
		}
	});

	it('lets a user it is shared with view and comment, and refuses them sharing or managing with 403', () => {
		expect(status(decideVideo(shared, privateVideo(shared), 'view'))).toBe(200);
		expect(status(decideVideo(shared, privateVideo(shared), 'comment'))).toBe(200);
		expect(status(decideVideo(shared, privateVideo(shared), 'share'))).toBe(403);
		expect(status(decideVideo(shared, privateVideo(shared), 'manage'))).toBe(403);
	});

	it('hides a private video from a stranger as not found, whatever the action', () => {
		for (const action of ['view', 'comment', 'share', 'manage'] as const) {
			expect(status(decideVideo(stranger, privateVideo(stranger), action))).toBe(404);
		}
	});

	it('lets a verified stranger view and comment on a public video, but not manage it', () => {
		expect(status(decideVideo(stranger, publicVideo(stranger), 'view'))).toBe(200);
		expect(status(decideVideo(stranger, publicVideo(stranger), 'comment'))).toBe(200);
		expect(status(decideVideo(stranger, publicVideo(stranger), 'manage'))).toBe(403);
		expect(status(decideVideo(unverified, publicVideo(unverified), 'view'))).toBe(404);
	});

	it('answers an anonymous caller 401 for a public, private or missing video alike', () => {
		expect(status(decideVideo(null, publicVideo(stranger), 'view'))).toBe(401);
		expect(status(decideVideo(undefined, privateVideo(stranger), 'view'))).toBe(401);
		expect(status(decideVideo(null, undefined, 'view'))).toBe(401);
	});

	it('answers a missing video 404', () => {
		expect(status(decideVideo(owner, undefined, 'view'))).toBe(404);
	});
});

describe('conversation access', () => {
	it('lets a member view and post, hides it from others, and asks anonymous callers to sign in', () => {
		expect(status(decideConversation(owner, { callerIsMember: true, othersReachable: true }, 'post'))).toBe(200);
		expect(status(decideConversation(owner, { callerIsMember: true, othersReachable: false }, 'post'))).toBe(403);
		expect(status(decideConversation(owner, { callerIsMember: true }, 'post'))).toBe(403);
		expect(status(decideConversation(owner, { callerIsMember: true, othersReachable: false }, 'view'))).toBe(200);
		expect(status(decideConversation(owner, { callerIsMember: true }, 'view'))).toBe(200);
		expect(status(decideConversation(stranger, undefined, 'view'))).toBe(404);
		expect(status(decideConversation(stranger, { callerIsMember: false }, 'post'))).toBe(404);
		expect(status(decideConversation(null, { callerIsMember: true }, 'view'))).toBe(401);
	});
});

describe('who may message whom', () => {
	it('allows people connected in any way, refuses the unconnected (403) and unknown people (404)', () => {
		expect(status(decideMessaging(owner, { connections: ['teacher_student'] }))).toBe(200);
		const refused = decideMessaging(owner, { connections: [] });
		expect(status(refused)).toBe(403);
		expect(refused.allowed ? '' : refused.message).toContain('teachers and students');
		expect(status(decideMessaging(owner, undefined))).toBe(404);
		expect(status(decideMessaging(null, { connections: ['teacher_student'] }))).toBe(401);
	});

	it('lets only the sender change a message: deleting always, editing while they may still post', () => {
		const reachable = { callerIsMember: true, othersReachable: true };
		expect(status(decideMessage(owner, { senderId: 1, conversation: reachable }, 'edit'))).toBe(200);
		expect(status(decideMessage(owner, { senderId: 1, conversation: { callerIsMember: true, othersReachable: false } }, 'edit'))).toBe(403);
		expect(status(decideMessage(owner, { senderId: 1, conversation: { callerIsMember: true, othersReachable: false } }, 'delete'))).toBe(200);
		expect(status(decideMessage(shared, { senderId: 1, conversation: reachable }, 'delete'))).toBe(403);
		expect(status(decideMessage(stranger, { senderId: 1, conversation: { callerIsMember: false } }, 'delete'))).toBe(404);
		expect(status(decideMessage(owner, undefined, 'delete'))).toBe(404);
		expect(status(decideMessage(null, { senderId: 1, conversation: reachable }, 'delete'))).toBe(401);
	});
});

describe('review session access', () => {
	const session = (caller: { id: number }, changes: Partial<ReviewSessionFacts> = {}): ReviewSessionFacts => ({
		hostId: 1,
		ended: false,
		callerIsInvited: caller.id === 2,
		video: privateVideo(caller),
		...changes
	});

	it('lets the host join and control', () => {
		expect(status(decideReviewSession(owner, session(owner), 'join'))).toBe(200);
		expect(status(decideReviewSession(owner, session(owner), 'control'))).toBe(200);
	});

	it('lets an invited user who can view the video join, and control only when handed control', () => {
		expect(status(decideReviewSession(shared, session(shared), 'join'))).toBe(200);
		expect(status(decideReviewSession(shared, session(shared), 'control'))).toBe(403);
		expect(status(decideReviewSession(shared, session(shared, { controllerId: 2 }), 'control'))).toBe(200);
		expect(status(decideReviewSession(owner, session(owner, { controllerId: 2 }), 'control'))).toBe(403);
	});

	it('shuts out an invitee the video is no longer shared with', () => {
		const unshared = session(shared, { video: { ownerId: 1, isPublic: false, sharedWithCaller: false } });
		expect(status(decideReviewSession(shared, unshared, 'join'))).toBe(404);
	});

	it('hides a session from a stranger, even one who can view its public video', () => {
		expect(status(decideReviewSession(stranger, session(stranger), 'join'))).toBe(404);
		expect(status(decideReviewSession(stranger, session(stranger, { video: publicVideo(stranger) }), 'join'))).toBe(404);
	});

	it('asks anonymous callers to sign in, and refuses control of an ended session', () => {
		expect(status(decideReviewSession(null, session(owner), 'join'))).toBe(401);
		expect(decideReviewSession(owner, session(owner, { ended: true }), 'join').allowed).toBe(true);
		expect(status(decideReviewSession(owner, session(owner, { ended: true }), 'control'))).toBe(403);
	});
});

describe('file access', () => {
	it('lets any signed-in user read a profile picture, and no anonymous caller', () => {
		for (const kind of ['profile_image', 'profile_thumbnail'] as const) {
			expect(status(decideFile(stranger, { kind, ownerId: 1, video: undefined }))).toBe(200);
			expect(status(decideFile(null, { kind, ownerId: 1, video: undefined }))).toBe(401);
		}
	});

	it("lets whoever may view a video read its files, and hides them from everyone else", () => {
		const file = (caller: { id: number }) => ({ kind: 'video_rendition' as const, ownerId: 1, video: privateVideo(caller) });
		expect(status(decideFile(owner, file(owner)))).toBe(200);
		expect(status(decideFile(shared, file(shared)))).toBe(200);
		expect(status(decideFile(stranger, file(stranger)))).toBe(404);
		expect(status(decideFile(null, file(stranger)))).toBe(401);
		expect(status(decideFile(owner, { kind: 'video_original', ownerId: 1, video: undefined }))).toBe(404);
	});

	it('refuses a kind it does not know, even to the owner', () => {
		const odd = { kind: 'backup_archive', ownerId: 1, video: undefined } as unknown as Parameters<typeof decideFile>[1];
		expect(status(decideFile(owner, odd))).toBe(404);
		expect(status(decideFile(owner, undefined))).toBe(404);
	});
});

describe('denialError', () => {
	it('maps each refusal to its AppError', () => {
		expect(denialError({ allowed: false, reason: 'unauthenticated' }, 'Video')).toMatchObject({ status: 401, code: 'unauthorized' });
		expect(denialError({ allowed: false, reason: 'not_found' }, 'Video')).toMatchObject({ status: 404, code: 'not_found', message: 'Video not found.' });
		expect(denialError({ allowed: false, reason: 'forbidden', message: 'No.' }, 'Video')).toMatchObject({ status: 403, message: 'No.' });
	});
});

describe('comment access', () => {
	// The author (5) is someone the private video is shared with; owner 1, shared viewer 2.
	const author = { id: 5, verified: true };
	const comment = (caller: { id: number }) => ({
		authorId: 5,
		video: { ownerId: 1, isPublic: false, sharedWithCaller: caller.id === 2 || caller.id === 5 }
	});

	it('lets the author edit and delete, the owner delete but not edit, a viewer only reply', () => {
		expect(status(decideComment(author, comment(author), 'edit'))).toBe(200);
		expect(status(decideComment(author, comment(author), 'delete'))).toBe(200);
		expect(status(decideComment(owner, comment(owner), 'delete'))).toBe(200);
		expect(status(decideComment(owner, comment(owner), 'edit'))).toBe(403);
		expect(status(decideComment(shared, comment(shared), 'reply'))).toBe(200);
		expect(status(decideComment(shared, comment(shared), 'edit'))).toBe(403);
		expect(status(decideComment(shared, comment(shared), 'delete'))).toBe(403);
	});

	it('hides a comment from whoever cannot view its video, the author included, and refuses anonymous callers', () => {
		for (const action of ['reply', 'edit', 'delete'] as const) {
			expect(status(decideComment(stranger, comment(stranger), action))).toBe(404);
			expect(status(decideComment(author, { authorId: 5, video: { ownerId: 1, isPublic: false, sharedWithCaller: false } }, action))).toBe(404);
			expect(status(decideComment(owner, undefined, action))).toBe(404);
			expect(status(decideComment(null, comment(owner), action))).toBe(401);
		}
	});
});
