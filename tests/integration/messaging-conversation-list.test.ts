import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { Conversation } from '../../src/lib/server/messaging/message.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { conversationWith, readAs, send } from '../helpers/messaging';
import { connect, jsonRequest, type Auth } from '../helpers/relationships';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// What the conversation list beside the open conversation asks for: the pages of
// GET /api/conversations ("Load more conversations", a reconnect's first page) and one
// conversation, GET /api/conversations/{id}, for a message in a conversation it does not hold.
let app: TestApp;
let student: SignedInUser;
/** Five conversations of the student's, each with a teacher's message, oldest first. */
const made: { teacher: SignedInUser; conversation: Conversation }[] = [];
const anonymous: Auth = {};

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000, messagesPerBurst: 1000, messagesPerMinute: 1000 } });
	student = await signUpVerified(app, { role: 'student', fullName: 'Paging Student' });
	for (let i = 0; i < 5; i++) {
		const teacher = await signUpVerified(app, { role: 'teacher', fullName: `Teacher ${i}` });
		await connect(app, student, teacher);
		const conversation = await conversationWith(app, student.auth, teacher.user.id);
		await send(app, teacher.auth, conversation.id, `Hello from ${i}`);
		made.push({ teacher, conversation });
	}
});
afterAll(() => app.stop());

type ListPage = { conversations: Conversation[]; nextCursor: string | null; unreadCount: number };
const get = (auth: Auth, path: string) => jsonRequest(app, 'GET', path, auth);
async function pageOf(auth: Auth, query: string): Promise<ListPage> {
	const response = await get(auth, `/api/conversations${query}`);
	expect(response.status).toBe(200);
	return (await response.json()) as ListPage;
}
const ids = (page: ListPage) => page.conversations.map((c) => c.id);

describe('GET /api/conversations in pages', () => {
	it('pages latest first in a stable order, each conversation once, until nextCursor is null', async () => {
		const latestFirst = made.map((m) => m.conversation.id).reverse();
		const seen: number[] = [];
		let cursor: string | null = null;
		for (let pages = 0; pages < 5; pages++) {
			const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
			const page = await pageOf(student.auth, query);
			expect(await pageOf(student.auth, query)).toEqual(page);
			seen.push(...ids(page));
			cursor = page.nextCursor;
			if (cursor === null) break;
		}
		expect(seen).toEqual(latestFirst);
		expect(cursor).toBeNull();
	});

	it('does not show a conversation twice when it gets a message between two pages: it moved above the cursor', async () => {
		const first = await pageOf(student.auth, '?limit=2');
		const oldest = made[0]!;
		expect(ids(first)).not.toContain(oldest.conversation.id);
		const message = await send(app, oldest.teacher.auth, oldest.conversation.id, 'Moved up');
		const rest: number[] = [];
		for (let cursor = first.nextCursor; cursor !== null; ) {
			const page = await pageOf(student.auth, `?limit=2&cursor=${cursor}`);
			rest.push(...ids(page));
			cursor = page.nextCursor;
		}
		expect(rest).not.toContain(oldest.conversation.id);
		expect(new Set([...ids(first), ...rest]).size).toBe(ids(first).length + rest.length);
		// The first page fetched again (a reconnect) has it on top with its new last message.
		const again = await pageOf(student.auth, '?limit=2');
		expect(again.conversations[0]).toMatchObject({ id: oldest.conversation.id, lastMessage: { id: message.id }, unreadCount: 2 });
	});

	it('refuses a cursor or limit that is not one (400 naming the field)', async () => {
		for (const cursor of ['abc', '0', '-1', '1.5', '99999999999', '']) {
			const response = await get(student.auth, `/api/conversations?cursor=${cursor}`);
			expect(response.status).toBe(400);
			expect((await errorOf(response)).field).toBe('cursor');
		}
		for (const limit of ['0', '101', 'x']) {
			expect((await errorOf(await get(student.auth, `/api/conversations?limit=${limit}`))).field).toBe('limit');
		}
		expect((await get(anonymous, '/api/conversations?limit=2')).status).toBe(401);
	});
});

describe('GET /api/conversations/{id}', () => {
	it('answers each member with the conversation as they see it, 404 to anyone else, 401 anonymous', async () => {
		const { teacher, conversation } = made[2]!;
		const stranger = await signUpVerified(app, { role: 'student' });

		const mine = await get(student.auth, `/api/conversations/${conversation.id}`);
		expect(mine.status).toBe(200);
		const asStudent = ((await mine.json()) as { conversation: Conversation }).conversation;
		expect(asStudent).toMatchObject({ id: conversation.id, members: [{ id: teacher.user.id }], unreadCount: 1, lastMessage: { content: 'Hello from 2' } });

		const theirs = await get(teacher.auth, `/api/conversations/${conversation.id}`);
		expect(theirs.status).toBe(200);
		const asTeacher = ((await theirs.json()) as { conversation: Conversation }).conversation;
		expect(asTeacher).toMatchObject({ id: conversation.id, members: [{ id: student.user.id }], unreadCount: 0 });

		// What the list fetches after the student's own read: the server's count.
		expect((await readAs(app, student.auth, conversation.id, asStudent.lastMessage!.id)).status).toBe(200);
		const read = (await (await get(student.auth, `/api/conversations/${conversation.id}`)).json()) as { conversation: Conversation };
		expect(read.conversation).toMatchObject({ unreadCount: 0, lastReadSeq: asStudent.lastMessage!.seq });

		expect((await get(stranger.auth, `/api/conversations/${conversation.id}`)).status).toBe(404);
		expect((await get(stranger.auth, '/api/conversations/2000000000')).status).toBe(404);
		expect((await get(anonymous, `/api/conversations/${conversation.id}`)).status).toBe(401);
	});
});
