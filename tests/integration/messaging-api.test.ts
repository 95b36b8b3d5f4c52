import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { Conversation, Message } from '../../src/lib/server/messaging/message.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertVideo } from '../helpers/content';
import { errorOf } from '../helpers/http';
import { conversationWith, pageOf, postMessageAs, readAs, send, startAs, unreadTotalOf } from '../helpers/messaging';
import { connect, jsonRequest, removeAs, type Auth } from '../helpers/relationships';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Every messaging endpoint as each member, a third user and anonymous, on PGlite and on
// PostgreSQL (+ Redis) alike.
let app: TestApp;
let teacher: SignedInUser;
let stranger: SignedInUser;
const anonymous: Auth = {};

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000, messagesPerBurst: 1000, messagesPerMinute: 1000 } });
	teacher = await signUpVerified(app, { role: 'teacher', fullName: 'Clara Teacher' });
	stranger = await signUpVerified(app, { role: 'student' });
});
afterAll(() => app.stop());

/** A new student in an active relationship with the teacher, and their conversation. */
async function pair(): Promise<{ student: SignedInUser; conversation: Conversation }> {
	const student = await signUpVerified(app, { role: 'student', fullName: 'Theo Student' });
	await connect(app, student, teacher);
	return { student, conversation: await conversationWith(app, student.auth, teacher.user.id) };
}

const get = (auth: Auth, path: string) => jsonRequest(app, 'GET', path, auth);
const listOf = async (auth: Auth, query = '') => {
	const response = await get(auth, `/api/conversations${query}`);
	expect(response.status).toBe(200);
	return (await response.json()) as { conversations: Conversation[]; nextCursor: string | null; unreadCount: number };
};

describe('starting a conversation', () => {
	it('finds the one conversation of a pair from either side: 201 once, then 200 with the same id', async () => {
		const student = await signUpVerified(app, { role: 'student' });
		await connect(app, student, teacher);
		const first = await startAs(app, student.auth, [teacher.user.id]);
		expect(first.status).toBe(201);
		const { conversation } = (await first.json()) as { conversation: Conversation };
		expect(conversation.members).toEqual([
			{ id: teacher.user.id, username: teacher.username, fullName: 'Clara Teacher', role: 'teacher', profileImageUrl: null }
		]);
		expect(conversation).toMatchObject({ lastMessage: null, unreadCount: 0, lastReadSeq: 0 });
		const again = await startAs(app, student.auth, [teacher.user.id]);
		expect(again.status).toBe(200);
		const fromTeacher = await startAs(app, teacher.auth, [student.user.id]);
		expect(fromTeacher.status).toBe(200);
		expect(((await fromTeacher.json()) as { conversation: Conversation }).conversation).toMatchObject({
			id: conversation.id,
			members: [{ id: student.user.id }]
		});
	});

	it('makes exactly one conversation under a parallel burst from both sides', async () => {
		const student = await signUpVerified(app, { role: 'student' });
		await connect(app, student, teacher);
		const responses = await Promise.all(
			Array.from({ length: 12 }, (_, i) => (i % 2 ? startAs(app, student.auth, [teacher.user.id]) : startAs(app, teacher.auth, [student.user.id])))
		);
		expect(responses.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
		expect(responses.every((r) => r.status === 201 || r.status === 200)).toBe(true);
		const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { conversation: Conversation }).conversation.id)));
		expect(ids.size).toBe(1);
		const rows = await app.ctx.db
			.selectFrom('conversation_members')
			.select('conversation_id')
			.where('user_id', '=', student.user.id)
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('refuses people who are not connected (403, saying why), themselves, unknown people, groups and anonymous callers', async () => {
		const refused = await startAs(app, stranger.auth, [teacher.user.id]);
		expect(refused.status).toBe(403);
		expect((await errorOf(refused)).message).toContain('teachers and students');
		expect(await errorOf(await startAs(app, teacher.auth, [teacher.user.id]))).toMatchObject({ code: 'invalid_input', field: 'userIds' });
		const unknown = await startAs(app, teacher.auth, [2_000_000_000]);
		expect(unknown.status).toBe(404);
		expect((await errorOf(unknown)).field).toBe('userIds');
		expect((await startAs(app, teacher.auth, [stranger.user.id, teacher.user.id])).status).toBe(400);
		expect((await errorOf(await startAs(app, teacher.auth, ['x']))).field).toBe('userIds.0');
		expect((await startAs(app, anonymous, [teacher.user.id])).status).toBe(401);
	});
});

describe('the conversation list', () => {
	it('lists the caller’s conversations latest first with the other members, the last message and the unread count, in cursor pages', async () => {
		const teacher2 = await signUpVerified(app, { role: 'teacher', fullName: 'Second Teacher' });
		const { student, conversation: withFirst } = await pair();
		await connect(app, student, teacher2);
		const withSecond = await conversationWith(app, student.auth, teacher2.user.id);
		await send(app, teacher2.auth, withSecond.id, 'From the second');
		const last = await send(app, teacher.auth, withFirst.id, 'From the first');

		const whole = await listOf(student.auth);
		expect(whole.conversations.map((c) => c.id)).toEqual([withFirst.id, withSecond.id]);
		expect(whole.conversations[0]).toMatchObject({ members: [{ id: teacher.user.id, fullName: 'Clara Teacher' }], lastMessage: last, unreadCount: 1 });
		expect(whole.unreadCount).toBe(2);

		const first = await listOf(student.auth, '?limit=1');
		expect(first.conversations.map((c) => c.id)).toEqual([withFirst.id]);
		const second = await listOf(student.auth, `?limit=1&cursor=${first.nextCursor}`);
		expect(second.conversations.map((c) => c.id)).toEqual([withSecond.id]);
		expect(second.nextCursor).toBeNull();

		expect((await listOf(stranger.auth)).conversations.some((c) => c.id === withFirst.id)).toBe(false);
		expect((await get(anonymous, '/api/conversations')).status).toBe(401);
		expect((await errorOf(await get(student.auth, '/api/conversations?cursor=abc'))).field).toBe('cursor');
	});

	it('shows one conversation to its members only (404 for a third user, 401 anonymous)', async () => {
		const { student, conversation } = await pair();
		expect((await get(student.auth, `/api/conversations/${conversation.id}`)).status).toBe(200);
		expect((await get(teacher.auth, `/api/conversations/${conversation.id}`)).status).toBe(200);
		expect((await get(stranger.auth, `/api/conversations/${conversation.id}`)).status).toBe(404);
		expect((await get(anonymous, `/api/conversations/${conversation.id}`)).status).toBe(401);
	});
});

describe('sending and reading messages', () => {
	it('lets both members send and read, hides the conversation from a third user (404) and asks anonymous callers to sign in', async () => {
		const { student, conversation } = await pair();
		const sent = await send(app, student.auth, conversation.id, '  Can we look at bar 12?  ');
		expect(sent).toMatchObject({ conversationId: conversation.id, seq: 1, senderId: student.user.id, content: 'Can we look at bar 12?', deleted: false, editedAt: null, video: null });
		expect((await send(app, teacher.auth, conversation.id, 'Of course.')).seq).toBe(2);
		for (const auth of [student.auth, teacher.auth]) expect((await pageOf(app, auth, conversation.id)).messages.map((m) => m.seq)).toEqual([1, 2]);
		for (const [auth, status] of [[stranger.auth, 404], [anonymous, 401]] as const) {
			expect((await postMessageAs(app, auth, conversation.id, { content: 'hi' })).status).toBe(status);
			expect((await get(auth, `/api/conversations/${conversation.id}/messages`)).status).toBe(status);
			expect((await readAs(app, auth, conversation.id, sent.id)).status).toBe(status);
		}
		expect((await postMessageAs(app, student.auth, 2_000_000_000, { content: 'hi' })).status).toBe(404);
	});

	it('refuses empty, too long and unknown fields by name; keeps 4000 characters', async () => {
		const { student, conversation } = await pair();
		for (const body of [{ content: '   ' }, { content: 'x'.repeat(4001) }, { content: 5 }, {}]) {
			expect(await errorOf(await postMessageAs(app, student.auth, conversation.id, body))).toMatchObject({ code: 'invalid_input', field: 'content' });
		}
		expect((await postMessageAs(app, student.auth, conversation.id, { content: 'hi', extra: 1 })).status).toBe(400);
		expect((await send(app, student.auth, conversation.id, 'y'.repeat(4000))).content).toHaveLength(4000);
	});

	it('pages by seq both ways exactly: after, before, the newest, hasMore', async () => {
		const { student, conversation } = await pair();
		for (let i = 1; i <= 7; i++) await send(app, i % 2 ? student.auth : teacher.auth, conversation.id, `m${i}`);
		const seqs = async (query: string) => {
			const page = await pageOf(app, student.auth, conversation.id, query);
			return { seqs: page.messages.map((m) => m.seq), hasMore: page.hasMore };
		};
		expect(await seqs('?after=2&limit=3')).toEqual({ seqs: [3, 4, 5], hasMore: true });
		expect(await seqs('?after=5&limit=3')).toEqual({ seqs: [6, 7], hasMore: false });
		expect(await seqs('?after=7')).toEqual({ seqs: [], hasMore: false });
		expect(await seqs('?before=4')).toEqual({ seqs: [1, 2, 3], hasMore: false });
		expect(await seqs('?before=7&limit=2')).toEqual({ seqs: [5, 6], hasMore: true });
		expect(await seqs('?limit=2')).toEqual({ seqs: [6, 7], hasMore: true });
		expect(await seqs('?after=1&before=4')).toEqual({ seqs: [2, 3], hasMore: false });
		expect((await errorOf(await get(student.auth, `/api/conversations/${conversation.id}/messages?after=-1`))).field).toBe('after');
		expect((await errorOf(await get(student.auth, `/api/conversations/${conversation.id}/messages?limit=201`))).field).toBe('limit');
	});

	it('keeps unread counts right after sends, reads (never backwards) and deletes', async () => {
		const { student, conversation } = await pair();
		const before = await unreadTotalOf(app, teacher.auth);
		const [a, b, c] = [await send(app, student.auth, conversation.id, 'a'), await send(app, student.auth, conversation.id, 'b'), await send(app, student.auth, conversation.id, 'c')];
		expect(await unreadTotalOf(app, teacher.auth)).toBe(before + 3);
		expect(await unreadTotalOf(app, student.auth)).toBe(0);

		const read = await readAs(app, teacher.auth, conversation.id, b!.id);
		expect(await read.json()).toEqual({ lastReadSeq: 2, lastReadMessageId: b!.id, unreadCount: 1 });
		const backwards = await readAs(app, teacher.auth, conversation.id, a!.id);
		expect(await backwards.json()).toMatchObject({ lastReadSeq: 2, unreadCount: 1 });
		expect(await unreadTotalOf(app, teacher.auth)).toBe(before + 1);

		expect((await jsonRequest(app, 'DELETE', `/api/messages/${c!.id}`, student.auth)).status).toBe(204);
		expect(await unreadTotalOf(app, teacher.auth)).toBe(before);

		// Sending reads what came before: the teacher's reply leaves nothing unread for them.
		await send(app, student.auth, conversation.id, 'd');
		const reply = await send(app, teacher.auth, conversation.id, 'e');
		expect(await unreadTotalOf(app, teacher.auth)).toBe(before);
		expect(await unreadTotalOf(app, student.auth)).toBe(1);
		const seen = (await listOf(student.auth)).conversations.find((x) => x.id === conversation.id)!;
		expect(seen.readers).toEqual([{ userId: teacher.user.id, lastReadSeq: reply.seq, lastReadMessageId: reply.id }]);
	});

	it('refuses a read position from another conversation, naming lastMessageId', async () => {
		const one = await pair();
		const other = await pair();
		const elsewhere = await send(app, other.student.auth, other.conversation.id, 'elsewhere');
		expect(await errorOf(await readAs(app, one.student.auth, one.conversation.id, elsewhere.id))).toMatchObject({ field: 'lastMessageId' });
	});
});

describe('editing and deleting', () => {
	it('lets only the sender edit (shown as edited) and delete (kept in place without content)', async () => {
		const { student, conversation } = await pair();
		const message = await send(app, student.auth, conversation.id, 'Frist try');
		const later = await send(app, teacher.auth, conversation.id, 'Later');
		const edit = (auth: Auth, content: unknown) => jsonRequest(app, 'PUT', `/api/messages/${message.id}`, auth, { content });
		const remove = (auth: Auth) => jsonRequest(app, 'DELETE', `/api/messages/${message.id}`, auth);
		expect((await edit(teacher.auth, 'x')).status).toBe(403);
		expect((await remove(teacher.auth)).status).toBe(403);
		for (const [auth, status] of [[stranger.auth, 404], [anonymous, 401]] as const) {
			expect((await edit(auth, 'x')).status).toBe(status);
			expect((await remove(auth)).status).toBe(status);
		}
		expect((await errorOf(await edit(student.auth, ''))).field).toBe('content');

		const edited = await edit(student.auth, 'First try');
		expect(edited.status).toBe(200);
		const { message: changed } = (await edited.json()) as { message: Message };
		expect(changed).toMatchObject({ id: message.id, seq: 1, content: 'First try', deleted: false });
		expect(changed.editedAt).not.toBeNull();

		expect((await remove(student.auth)).status).toBe(204);
		expect((await remove(student.auth)).status).toBe(204);
		const { messages } = await pageOf(app, teacher.auth, conversation.id);
		expect(messages.map((m) => [m.seq, m.deleted, m.content])).toEqual([
			[1, true, null],
			[2, false, 'Later']
		]);
		expect((await edit(student.auth, 'again')).status).toBe(409);
		expect(later.seq).toBe(2);
	});
});

describe('a video in a message', () => {
	it('sends the sender’s own video as a card and shares it with the other member, who may then open it', async () => {
		const { student, conversation } = await pair();
		const video = await insertVideo(app.ctx.db, student.user.id);
		expect((await get(teacher.auth, `/api/videos/${video}`)).status).toBe(404);
		const message = await send(app, student.auth, conversation.id, 'My etude', video);
		expect(message.video).toEqual({ id: video, title: 'Etude', thumbnailUrl: null });
		expect((await get(teacher.auth, `/api/videos/${video}`)).status).toBe(200);
		const notice = await app.ctx.db
			.selectFrom('notifications')
			.selectAll()
			.where('user_id', '=', teacher.user.id)
			.where('type', '=', 'video_shared')
			.where('related_id', '=', video)
			.execute();
		expect(notice).toHaveLength(1);
		// Sending it again shares nothing new.
		await send(app, student.auth, conversation.id, 'Again', video);
		expect(await app.ctx.db.selectFrom('video_sharing').select('id').where('video_id', '=', video).execute()).toHaveLength(1);
	});

	it('refuses a video the sender cannot share: someone else’s they can see (403) or an unknown one (400), naming videoId', async () => {
		const { student, conversation } = await pair();
		const theirs = await insertVideo(app.ctx.db, stranger.user.id, { sharedWith: [student.user.id] });
		const hidden = await insertVideo(app.ctx.db, stranger.user.id);
		const seen = await postMessageAs(app, student.auth, conversation.id, { content: 'look', videoId: theirs });
		expect(seen.status).toBe(403);
		expect((await errorOf(seen)).field).toBe('videoId');
		for (const videoId of [hidden, 2_000_000_000]) {
			expect(await errorOf(await postMessageAs(app, student.auth, conversation.id, { content: 'look', videoId }))).toMatchObject({ code: 'invalid_input', field: 'videoId' });
		}
		expect((await pageOf(app, student.auth, conversation.id)).messages).toHaveLength(0);
	});

	it('refuses the sender’s own video whose processing failed, naming videoId, and shares nothing', async () => {
		const { student, conversation } = await pair();
		const failed = await insertVideo(app.ctx.db, student.user.id);
		await app.ctx.db.updateTable('videos').set({ video_status: 'error' }).where('id', '=', failed).execute();
		const response = await postMessageAs(app, student.auth, conversation.id, { content: 'look', videoId: failed });
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'videoId', message: expect.stringContaining('could not be processed') });
		expect(await app.ctx.db.selectFrom('video_sharing').select('id').where('video_id', '=', failed).where('user_id', '=', teacher.user.id).execute()).toHaveLength(0);
		expect((await pageOf(app, student.auth, conversation.id)).messages).toHaveLength(0);
	});
});

describe('a removed relationship', () => {
	it('ends the right to send (and to start again) but keeps the conversation readable', async () => {
		const student = await signUpVerified(app, { role: 'student' });
		const relationship = await connect(app, student, teacher);
		const conversation = await conversationWith(app, teacher.auth, student.user.id);
		const message = await send(app, student.auth, conversation.id, 'Thank you for the lessons');
		expect((await removeAs(app, teacher.auth, relationship.id)).status).toBe(200);
		for (const auth of [student.auth, teacher.auth]) {
			const refused = await postMessageAs(app, auth, conversation.id, { content: 'still there?' });
			expect(refused.status).toBe(403);
			expect((await errorOf(refused)).message).toContain('no longer');
			expect((await pageOf(app, auth, conversation.id)).messages.map((m) => m.id)).toEqual([message.id]);
		}
		expect((await startAs(app, student.auth, [teacher.user.id])).status).toBe(403);
		expect((await jsonRequest(app, 'PUT', `/api/messages/${message.id}`, student.auth, { content: 'edited' })).status).toBe(403);
		expect((await readAs(app, teacher.auth, conversation.id, message.id)).status).toBe(200);
		expect((await jsonRequest(app, 'DELETE', `/api/messages/${message.id}`, student.auth)).status).toBe(204);
	});
});

describe('the message rate limit', () => {
	let limited: TestApp;
	beforeAll(async () => {
		limited = await startTestApp({ rateLimits: { messagesPerBurst: 3 } });
	});
	afterAll(() => limited.stop());

	it('answers 429 with Retry-After past the per-sender burst, and stores nothing more', async () => {
		const student = await signUpVerified(limited, { role: 'student' });
		const tutor = await signUpVerified(limited, { role: 'teacher' });
		await connect(limited, student, tutor);
		const conversation = await conversationWith(limited, student.auth, tutor.user.id);
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await postMessageAs(limited, student.auth, conversation.id, { content: `m${i}` })).status);
		expect(statuses).toEqual([201, 201, 201, 429, 429]);
		const refused = await postMessageAs(limited, student.auth, conversation.id, { content: 'more' });
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await errorOf(refused)).code).toBe('rate_limited');
		// Another sender has a count of their own.
		expect((await postMessageAs(limited, tutor.auth, conversation.id, { content: 'mine' })).status).toBe(201);
		expect((await pageOf(limited, tutor.auth, conversation.id)).messages).toHaveLength(4);
	});
});
