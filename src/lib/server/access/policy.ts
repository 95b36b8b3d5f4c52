import type { StoredFileKind } from '../db/schema.storage';
import { ALLOW, deny, type Caller, type Decision } from './decision';

// Pure rules over facts the repository loads. Every function refuses unless a rule allows:
// anonymous callers are unauthenticated, missing things are not found, and a caller who may not
// see a thing is told it is not found rather than that it exists.

export type VideoAction = 'view' | 'comment' | 'share' | 'manage';

export interface VideoFacts {
	ownerId: number;
	isPublic: boolean;
	/** The caller is in the video's video_sharing rows. */
	sharedWithCaller: boolean;
}

/** View: owner, users it is shared with, any verified user when public. Comment = view. Share/manage: owner. */
export function decideVideo(caller: Caller, video: VideoFacts | undefined, action: VideoAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!video) return deny('not_found');
	const isOwner = video.ownerId === caller.id;
	const canView = isOwner || video.sharedWithCaller || (video.isPublic && caller.verified);
	if (!canView) return deny('not_found');
	if (action === 'view' || action === 'comment') return ALLOW;
	return isOwner ? ALLOW : deny('forbidden', 'Only the owner of this video can do that.');
}

export type CommentAction = 'reply' | 'edit' | 'delete';

export interface CommentFacts {
	authorId: number;
	/** The comment's video, as the caller sees it. */
	video: VideoFacts;
}

/**
 * A comment follows its video: who cannot view the video does not know the comment exists.
 * Reply: anyone who may comment on the video. Edit: the author. Delete: the author or the
 * video's owner, who moderates the comments on their video.
 */
export function decideComment(caller: Caller, comment: CommentFacts | undefined, action: CommentAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!comment) return deny('not_found');
	const onVideo = decideVideo(caller, comment.video, 'comment');
	if (!onVideo.allowed) return onVideo;
	if (action === 'reply' || comment.authorId === caller.id) return ALLOW;
	if (action === 'delete' && comment.video.ownerId === caller.id) return ALLOW;
	return deny('forbidden', action === 'edit' ? 'Only its author can edit a comment.' : 'Only its author or the video’s owner can delete a comment.');
}

export type ConversationAction = 'view' | 'post';

export interface ConversationFacts {
	callerIsMember: boolean;
	/** Whether the caller may still message every other member (`decideMessaging`); loaded for 'post'. */
	othersReachable?: boolean;
}

/**
 * A conversation is its members' alone; for anyone else it does not exist. Members read it for
 * good; they post in it only while they may still message everyone else in it (a removed
 * relationship ends the sending, not the history).
 */
export function decideConversation(caller: Caller, conversation: ConversationFacts | undefined, action: ConversationAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!conversation?.callerIsMember) return deny('not_found');
	if (action === 'view' || conversation.othersReachable === true) return ALLOW;
	return deny('forbidden', 'You can no longer send messages here: you are not connected to this person any more.');
}

/**
 * What connects two people so that they may message each other. Today an active teacher–student
 * relationship; course members and study buddies will add their kinds here.
 */
export type MessagingConnection = 'teacher_student';

export interface MessagingFacts {
	/** The ways the caller and the other person are connected right now; empty when not at all. */
	connections: MessagingConnection[];
}

/** Anyone may message the people they are connected to, and nobody else. */
export function decideMessaging(caller: Caller, person: MessagingFacts | undefined): Decision {
	if (!caller) return deny('unauthenticated');
	if (!person) return deny('not_found');
	if (person.connections.length > 0) return ALLOW;
	return deny('forbidden', 'You can message your teachers and students only. Connect with this person first.');
}

export type MessageAction = 'edit' | 'delete';

export interface MessageFacts {
	senderId: number;
	/** The message's conversation as the caller sees it (`othersReachable` loaded for an edit). */
	conversation: ConversationFacts;
}

/**
 * A message follows its conversation: outside it, it does not exist. Only its sender changes it;
 * an edit is a kind of sending, so it needs the right to post, while a sender may always delete
 * what they wrote.
 */
export function decideMessage(caller: Caller, message: MessageFacts | undefined, action: MessageAction): Decision {
	const inConversation = decideConversation(caller, message?.conversation, 'view');
	if (!inConversation.allowed || !message || !caller) return inConversation;
	if (message.senderId !== caller.id) return deny('forbidden', 'Only its sender can change a message.');
	return action === 'edit' ? decideConversation(caller, message.conversation, 'post') : ALLOW;
}

export type ReviewSessionAction = 'join' | 'control' | 'end';

export interface ReviewSessionFacts {
	hostId: number;
	ended: boolean;
	callerIsInvited: boolean;
	/** The session's video, as the caller sees it (undefined when it is gone). */
	video: VideoFacts | undefined;
	/** Who holds playback control in the live state, when the host handed it on. */
	controllerId?: number;
}

/**
 * Join: the host and invited users, as long as they can still view the session's video (an
 * unshared invitee is out). Control: the host, or whoever the host gave control to, while the
 * session is active. End: the host alone, once.
 */
export function decideReviewSession(caller: Caller, session: ReviewSessionFacts | undefined, action: ReviewSessionAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!session) return deny('not_found');
	const isParticipant = session.hostId === caller.id || session.callerIsInvited;
	if (!isParticipant || !decideVideo(caller, session.video, 'view').allowed) return deny('not_found');
	if (action === 'join') return ALLOW;
	if (session.ended) return deny('forbidden', 'This review session has ended.');
	if (action === 'end') return session.hostId === caller.id ? ALLOW : deny('forbidden', 'Only the host can end the session.');
	const controller = session.controllerId ?? session.hostId;
	return controller === caller.id ? ALLOW : deny('forbidden', 'Only the person in control can do that.');
}

export interface FileFacts {
	kind: StoredFileKind;
	ownerId: number;
	/** For a video's files: the video as the caller sees it. */
	video: VideoFacts | undefined;
}

const isProfileKind = (kind: string) => kind === 'profile_image' || kind === 'profile_thumbnail';
const isVideoKind = (kind: string) => kind.startsWith('video_');

/**
 * A file follows what it belongs to: a profile picture is for any signed-in user (students may
 * be minors, so never the open web); a video's files are for whoever may view the video. A kind
 * this function does not know is refused.
 */
export function decideFile(caller: Caller, file: FileFacts | undefined): Decision {
	if (!caller) return deny('unauthenticated');
	if (!file) return deny('not_found');
	if (isProfileKind(file.kind)) return ALLOW;
	if (isVideoKind(file.kind)) return decideVideo(caller, file.video, 'view');
	return deny('not_found');
}

export type RelationshipAction = 'view' | 'respond' | 'remove';

export interface RelationshipFacts {
	studentId: number;
	teacherId: number;
	/** Who asked: the student or the teacher. */
	requestedBy: number;
}

/**
 * A relationship is its two people's alone. Either may view or remove it; only the one who was
 * asked may accept or decline (whether it is still pending is the service's check).
 */
export function decideRelationship(caller: Caller, relationship: RelationshipFacts | undefined, action: RelationshipAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!relationship) return deny('not_found');
	if (caller.id !== relationship.studentId && caller.id !== relationship.teacherId) return deny('not_found');
	if (action === 'respond' && relationship.requestedBy === caller.id) {
		return deny('forbidden', 'Only the person who was asked can accept or decline this request.');
	}
	return ALLOW;
}

export type StudentProgressAction = 'read' | 'record';

export interface StudentProgressFacts {
	studentId: number;
	/** The caller is in an active relationship as this student's teacher. */
	callerIsActiveTeacher: boolean;
}

/**
 * A student's progress is for the student and their active teachers; for anyone else it does
 * not exist. Recording is for the active teachers only.
 */
export function decideStudentProgress(caller: Caller, facts: StudentProgressFacts | undefined, action: StudentProgressAction): Decision {
	if (!caller) return deny('unauthenticated');
	if (!facts) return deny('not_found');
	if (caller.id !== facts.studentId && !facts.callerIsActiveTeacher) return deny('not_found');
	if (action === 'read' || facts.callerIsActiveTeacher) return ALLOW;
	return deny('forbidden', 'Only an active teacher of this student can record progress.');
}

export type ProgressRecordAction = 'view' | 'edit';

export interface ProgressRecordFacts {
	/** The teacher who wrote it. */
	authorId: number;
	student: StudentProgressFacts;
}

/** A record is read like its student's progress; only its author, still an active teacher, edits it. */
export function decideProgressRecord(caller: Caller, record: ProgressRecordFacts | undefined, action: ProgressRecordAction): Decision {
	const read = decideStudentProgress(caller, record?.student, 'read');
	if (!read.allowed || action === 'view') return read;
	return record && caller && record.authorId === caller.id && record.student.callerIsActiveTeacher
		? ALLOW
		: deny('forbidden', 'Only the teacher who wrote this record can change it.');
}
