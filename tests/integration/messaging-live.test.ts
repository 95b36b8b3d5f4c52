import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { rooms } from '../../src/lib/realtime/events';
import type { Message } from '../../src/lib/server/messaging/message.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { conversationWith, pageOf, readAs, send } from '../helpers/messaging';
import { connect, jsonRequest, removeAs } from '../helpers/relationships';
import { command, connected, dial, nextEvent, recordEvents, type ClientSocket } from '../helpers/sockets';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Live messaging: events reach the members' sockets and nobody else's, typing is checked and
// throttled, a reconnecting client loses nothing and gets nothing twice; and across two nodes.
let app: TestApp;
const open: ClientSocket[] = [];

beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000, messagesPerBurst: 1000, messagesPerMinute: 1000 } });
});
afterAll(async () => {
	for (const socket of open) socket.disconnect();
	await app.stop();
});

async function pairOn(node: TestApp) {
	const student = await signUpVerified(node, { role: 'student' });
	const teacher = await signUpVerified(node, { role: 'teacher' });
	const relationship = await connect(node, student, teacher);
	const conversation = await conversationWith(node, student.auth, teacher.user.id);
	return { student, teacher, relationship, conversation };
}

const socketOf = (node: TestApp, user: SignedInUser) => connected(dial(node.url, open, { token: user.token }));
/** Lets events already on their way arrive, so a test can say that something did not. */
const settle = () => Bun.sleep(150);

describe('live messaging on one node', () => {
	it('sends message:new, message:updated and message:read to both members and nobody else', async () => {
		const { student, teacher, conversation } = await pairOn(app);
		const stranger = await signUpVerified(app);
		const [studentSocket, teacherSocket, strangerSocket] = await Promise.all([socketOf(app, student), socketOf(app, teacher), socketOf(app, stranger)]);
		const heardByStranger = [
			...recordEvents(strangerSocket, 'message:new'),
			...recordEvents(strangerSocket, 'message:updated'),
			...recordEvents(strangerSocket, 'message:read')
		];

		const arrivals = Promise.all([nextEvent(teacherSocket, 'message:new'), nextEvent(studentSocket, 'message:new')]);
		const sent = await send(app, student.auth, conversation.id, 'Hello');
		for (const heard of await arrivals) expect(heard.message).toEqual(sent);

		const read = nextEvent(studentSocket, 'message:read');
		await readAs(app, teacher.auth, conversation.id, sent.id);
		expect(await read).toEqual({ conversationId: conversation.id, userId: teacher.user.id, lastMessageId: sent.id, lastReadSeq: 1 });

		const edited = nextEvent(teacherSocket, 'message:updated');
		await jsonRequest(app, 'PUT', `/api/messages/${sent.id}`, student.auth, { content: 'Hello!' });
		expect((await edited).message).toMatchObject({ id: sent.id, content: 'Hello!' });
		const deleted = nextEvent(teacherSocket, 'message:updated');
		await jsonRequest(app, 'DELETE', `/api/messages/${sent.id}`, student.auth);
		expect((await deleted).message).toMatchObject({ id: sent.id, seq: 1, deleted: true, content: null });

		await settle();
		expect(heardByStranger).toEqual([]);
	});

	it('relays typing to the other member only, at most once per 2 s, and refuses people outside', async () => {
		const { student, teacher, conversation } = await pairOn(app);
		const stranger = await signUpVerified(app);
		const [studentSocket, teacherSocket, strangerSocket] = await Promise.all([socketOf(app, student), socketOf(app, teacher), socketOf(app, stranger)]);
		const heardByStudent = recordEvents(studentSocket, 'conversation:typing');
		const typing = nextEvent(teacherSocket, 'conversation:typing');
		expect(await command(studentSocket, 'conversation:typing', { conversationId: conversation.id })).toEqual({ ok: true, data: { relayed: true } });
		expect(await typing).toEqual({ conversationId: conversation.id, userId: student.user.id });
		expect(await command(studentSocket, 'conversation:typing', { conversationId: conversation.id })).toEqual({ ok: true, data: { relayed: false } });
		// The teacher's signal has a count of its own.
		expect(await command(teacherSocket, 'conversation:typing', { conversationId: conversation.id })).toEqual({ ok: true, data: { relayed: true } });

		const outside = await command(strangerSocket, 'conversation:typing', { conversationId: conversation.id });
		expect(outside).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await command(strangerSocket, 'conversation:typing', { conversationId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		await settle();
		expect(heardByStudent).toEqual([{ conversationId: conversation.id, userId: teacher.user.id }]);
	});

	it('stops relaying typing once the relationship is removed', async () => {
		const { student, teacher, relationship, conversation } = await pairOn(app);
		const studentSocket = await socketOf(app, student);
		await removeAs(app, teacher.auth, relationship.id);
		expect(await command(studentSocket, 'conversation:typing', { conversationId: conversation.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	});

	it('a client that reconnects asks ?after= its last seq and gets exactly what it missed, once', async () => {
		const { student, teacher, conversation } = await pairOn(app);
		const held = new Map<number, Message>();
		const keep = (message: Message) => held.set(message.seq, message);
		let socket = await socketOf(app, teacher);
		let duplicates = 0;
		const listen = (s: ClientSocket) =>
			s.on('message:new', ({ message }) => {
				if (held.has(message.seq)) duplicates++;
				keep(message);
			});
		listen(socket);
		const firstArrived = nextEvent(socket, 'message:new');
		await send(app, student.auth, conversation.id, 'one');
		await firstArrived;
		socket.disconnect();
		for (const text of ['two', 'three', 'four']) await send(app, student.auth, conversation.id, text);

		socket = await socketOf(app, teacher);
		listen(socket);
		const fifth = send(app, student.auth, conversation.id, 'five');
		// The resync, as the page does it: from the highest seq held, then after each page's last
		// (a message arriving live meanwhile must not move the cursor past unfetched ones).
		let cursor = Math.max(...held.keys());
		for (let page = await pageOf(app, teacher.auth, conversation.id, `?after=${cursor}&limit=2`); ; ) {
			for (const message of page.messages) if (!held.has(message.seq)) keep(message);
			const last = page.messages.at(-1);
			if (!page.hasMore || !last) break;
			cursor = last.seq;
			page = await pageOf(app, teacher.auth, conversation.id, `?after=${cursor}&limit=2`);
		}
		await fifth;
		await settle();
		expect([...held.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
		expect([...held.values()].map((m) => m.content).sort()).toEqual(['five', 'four', 'one', 'three', 'two']);
		expect(duplicates).toBe(0);
	});
});

// Two web nodes on one PostgreSQL database and one Redis: skipped on the embedded run.
const services = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;

describe.skipIf(!services)('live messaging across two nodes', () => {
	let second: TestApp;
	beforeAll(async () => {
		second = await startTestApp({
			worker: 'off',
			databaseUrl: app.ctx.config.databaseUrl,
			keyPrefix: app.ctx.config.keyPrefix,
			rateLimits: { registrationsPerIp: 1000, messagesPerBurst: 1000, messagesPerMinute: 1000 }
		});
	});
	afterAll(() => second?.stop());

	async function visibleFrom(node: TestApp, userId: number): Promise<void> {
		const deadline = Date.now() + 5000;
		while ((await node.io.in(rooms.user(userId)).fetchSockets()).length === 0) {
			if (Date.now() > deadline) throw new Error('the other node never saw the socket');
			await Bun.sleep(50);
		}
	}

	it('sender on node A, recipient on node B: the message, typing and read events arrive', async () => {
		const { student, teacher, conversation } = await pairOn(app);
		const senderSocket = await socketOf(app, student);
		const recipientSocket = await socketOf(second, teacher);
		await visibleFrom(app, teacher.user.id);

		const arrived = nextEvent(recipientSocket, 'message:new');
		const sent = await send(app, student.auth, conversation.id, 'Across nodes');
		expect((await arrived).message).toEqual(sent);

		const typing = nextEvent(recipientSocket, 'conversation:typing');
		expect(await command(senderSocket, 'conversation:typing', { conversationId: conversation.id })).toMatchObject({ ok: true, data: { relayed: true } });
		expect(await typing).toEqual({ conversationId: conversation.id, userId: student.user.id });
		// The throttle is shared: the same person on the other node is held too.
		const otherTab = await socketOf(second, student);
		expect(await command(otherTab, 'conversation:typing', { conversationId: conversation.id })).toMatchObject({ ok: true, data: { relayed: false } });

		const read = nextEvent(senderSocket, 'message:read');
		await readAs(second, teacher.auth, conversation.id, sent.id);
		expect(await read).toMatchObject({ conversationId: conversation.id, userId: teacher.user.id, lastMessageId: sent.id });
	});
});
