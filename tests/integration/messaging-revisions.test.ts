import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import type { Message } from '../../src/lib/server/messaging/message.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { conversationWith, pageOf, send } from '../helpers/messaging';
import { connect, jsonRequest, type Auth } from '../helpers/relationships';
import { connected, dial, nextEvent, recordEvents, type ClientSocket } from '../helpers/sockets';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The change feed of a conversation's messages (`?since=<revision>`): a member whose socket was
// away gets every message sent, edited or deleted meanwhile, once each, as it is now, in revision
// order; the live events carry the revisions that tie the two together. On PGlite, and on
// PostgreSQL (+ Redis) where concurrent writers really race.

let app: TestApp;
let open: ClientSocket[] = [];
const anonymous: Auth = {};

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000, messagesPerBurst: 1000, messagesPerMinute: 1000 } });
});
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});
afterAll(() => app.stop());

async function pair() {
	const student = await signUpVerified(app, { role: 'student' });
	const teacher = await signUpVerified(app, { role: 'teacher' });
	await connect(app, student, teacher);
	return { student, teacher, conversation: await conversationWith(app, student.auth, teacher.user.id) };
}

const socketOf = (user: SignedInUser) => connected(dial(app.url, open, { token: user.token }));
const edit = (auth: Auth, id: number, content: string) => jsonRequest(app, 'PUT', `/api/messages/${id}`, auth, { content });
const remove = (auth: Auth, id: number) => jsonRequest(app, 'DELETE', `/api/messages/${id}`, auth);
const list = (auth: Auth, conversationId: number, query: string) => jsonRequest(app, 'GET', `/api/conversations/${conversationId}/messages${query}`, auth);

/** Reads the feed from `since` to its end as the page does: each page from the last one's final revision. */
async function catchUp(auth: Auth, conversationId: number, since: number, limit: number) {
	const pages: { messages: Message[]; hasMore: boolean; revision: number }[] = [];
	let cursor = since;
	for (;;) {
		const page = await pageOf(app, auth, conversationId, `?since=${cursor}&limit=${limit}`);
		pages.push(page);
		const last = page.messages.at(-1);
		if (!page.hasMore || !last) break;
		cursor = last.revision;
	}
	return { pages, messages: pages.flatMap((p) => p.messages) };
}

describe('the messages change feed', () => {
	it('gives a member whose socket was away exactly the final state of what changed, once each, in revision order', async () => {
		const { student, teacher, conversation } = await pair();
		let socket = await socketOf(teacher);
		const heard = nextEvent(socket, 'message:new');
		const one = await send(app, student.auth, conversation.id, 'one');
		expect((await heard).message.revision).toBe(one.revision);
		const held = one.revision;
		socket.disconnect();

		const two = await send(app, student.auth, conversation.id, 'two');
		const three = await send(app, student.auth, conversation.id, 'three');
		expect((await edit(student.auth, one.id, 'one, again')).status).toBe(200);
		expect((await edit(student.auth, two.id, 'two, again')).status).toBe(200);
		expect((await edit(student.auth, two.id, 'two, finally')).status).toBe(200);
		expect((await remove(student.auth, three.id)).status).toBe(204);
		const four = await send(app, teacher.auth, conversation.id, 'four');

		socket = await socketOf(teacher);
		const { pages, messages } = await catchUp(teacher.auth, conversation.id, held, 2);
		expect(pages.map((p) => p.messages.length)).toEqual([2, 2]);
		expect(messages.map((m) => [m.id, m.content, m.deleted])).toEqual([
			[one.id, 'one, again', false],
			[two.id, 'two, finally', false],
			[three.id, null, true],
			[four.id, 'four', false]
		]);
		const revisions = messages.map((m) => m.revision);
		expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
		expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
		expect(messages[2]).toMatchObject({ seq: three.seq, video: null, editedAt: null });
		expect(pages.at(-1)!.revision).toBe(four.revision);
		// Seven changes after the first message: every one took the next revision.
		expect(four.revision).toBe(held + 7);
		// Held up to there, nothing more comes, and the newest page agrees.
		expect(await pageOf(app, teacher.auth, conversation.id, `?since=${four.revision}`)).toEqual({ messages: [], hasMore: false, revision: four.revision });
		const newest = await pageOf(app, teacher.auth, conversation.id);
		expect(newest.revision).toBe(four.revision);
		expect(newest.messages.map((m) => m.content)).toEqual(['one, again', 'two, finally', null, 'four']);
	});

	it('tells each change live with its revision, one event per revision', async () => {
		const { student, teacher, conversation } = await pair();
		const socket = await socketOf(teacher);
		const created = recordEvents(socket, 'message:new');
		const updated = recordEvents(socket, 'message:updated');
		const sent = await send(app, student.auth, conversation.id, 'Hello');
		const edited = (await (await edit(student.auth, sent.id, 'Hello!')).json()) as { message: Message };
		await remove(student.auth, sent.id);
		const last = nextEvent(socket, 'message:new');
		const again = await send(app, student.auth, conversation.id, 'Again');
		await last;
		for (let i = 0; i < 50 && updated.length < 2; i++) await Bun.sleep(20);
		expect(created.map((e) => e.message.revision)).toEqual([sent.revision, again.revision]);
		expect(updated.map((e) => [e.message.revision, e.message.deleted])).toEqual([
			[edited.message.revision, false],
			[sent.revision + 2, true]
		]);
		expect([sent.revision, edited.message.revision, sent.revision + 2, again.revision]).toEqual([1, 2, 3, 4]);
	});

	it('spends no revision on an edit or deletion that changes nothing', async () => {
		const { student, teacher, conversation } = await pair();
		const sent = await send(app, student.auth, conversation.id, 'Gone soon');
		await remove(student.auth, sent.id);
		const before = (await pageOf(app, teacher.auth, conversation.id)).revision;
		expect((await edit(student.auth, sent.id, 'Back?')).status).toBe(409);
		expect((await remove(student.auth, sent.id)).status).toBe(204);
		expect((await pageOf(app, teacher.auth, conversation.id)).revision).toBe(before);
		const next = await send(app, student.auth, conversation.id, 'Next');
		expect(next.revision).toBe(before + 1);
	});

	it('pages from 0 through every message, and every list answers the revision', async () => {
		const { student, teacher, conversation } = await pair();
		const sent: Message[] = [];
		for (const text of ['a', 'b', 'c', 'd', 'e']) sent.push(await send(app, student.auth, conversation.id, text));
		await edit(student.auth, sent[0]!.id, 'a!');
		const first = await pageOf(app, teacher.auth, conversation.id, '?since=0&limit=2');
		expect(first.messages.map((m) => m.content)).toEqual(['b', 'c']);
		expect(first).toMatchObject({ hasMore: true, revision: 6 });
		const { messages } = await catchUp(teacher.auth, conversation.id, 0, 2);
		expect(messages.map((m) => m.content)).toEqual(['b', 'c', 'd', 'e', 'a!']);
		for (const query of ['', '?after=2', '?before=4', '?limit=1']) expect((await pageOf(app, student.auth, conversation.id, query)).revision).toBe(6);
	});

	it('refuses since beside after or before, and bad values, naming the field', async () => {
		const { student, conversation } = await pair();
		for (const query of ['?since=0&after=1', '?since=1&before=3']) {
			const response = await list(student.auth, conversation.id, query);
			expect(response.status).toBe(400);
			expect((await errorOf(response)).field).toBe('since');
		}
		for (const [query, field] of [
			['?since=abc', 'since'],
			['?since=-1', 'since'],
			['?since=1.5', 'since'],
			['?since=01', 'since'],
			['?since=0&limit=0', 'limit'],
			['?since=0&limit=201', 'limit']
		] as const) {
			const response = await list(student.auth, conversation.id, query);
			expect(response.status).toBe(400);
			expect((await errorOf(response)).field).toBe(field);
		}
	});

	it('answers the members only: 404 for anyone else, 401 anonymous', async () => {
		const { student, teacher, conversation } = await pair();
		const stranger = await signUpVerified(app);
		await send(app, student.auth, conversation.id, 'Private');
		expect((await pageOf(app, student.auth, conversation.id, '?since=0')).messages).toHaveLength(1);
		expect((await pageOf(app, teacher.auth, conversation.id, '?since=0')).messages).toHaveLength(1);
		expect((await list(stranger.auth, conversation.id, '?since=0')).status).toBe(404);
		expect((await list(student.auth, 2_000_000_000, '?since=0')).status).toBe(404);
		expect((await list(anonymous, conversation.id, '?since=0')).status).toBe(401);
	});

	it('gives concurrent sends, edits and deletions unique revisions, all of them in the feed', async () => {
		const { student, teacher, conversation } = await pair();
		const base = await Promise.all(['x', 'y', 'z', 'w'].map((text, i) => send(app, i % 2 ? teacher.auth : student.auth, conversation.id, text)));
		const mine = (m: Message) => (m.senderId === student.user.id ? student.auth : teacher.auth);
		const results = await Promise.all([
			...Array.from({ length: 8 }, (_, i) => send(app, i % 2 ? teacher.auth : student.auth, conversation.id, `burst ${i}`)),
			...base.map((m, i) => edit(mine(m), m.id, `${m.content} edited ${i}`)),
			remove(mine(base[0]!), base[0]!.id),
			remove(mine(base[1]!), base[1]!.id)
		]);
		expect(results.length).toBe(14);
		const { messages, pages } = await catchUp(teacher.auth, conversation.id, 0, 5);
		const revisions = messages.map((m) => m.revision);
		expect(new Set(revisions).size).toBe(12);
		expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
		// The feed holds each message once, at the revision of its last change, and ends at the conversation's.
		const rows = await app.ctx.db.selectFrom('messages').select('revision').where('conversation_id', '=', conversation.id).execute();
		expect(rows.map((r) => r.revision).sort((a, b) => a - b)).toEqual(revisions);
		expect(pages.at(-1)!.revision).toBe(Math.max(...revisions));
		expect(messages.filter((m) => m.deleted).map((m) => m.id).sort()).toEqual([base[0]!.id, base[1]!.id].sort());
	});
});
