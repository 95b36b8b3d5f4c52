// Messaging latency: 200 teacher–student pairs, each person's socket on a different one of two
// ClassCast nodes (one PostgreSQL, one Redis), messages posted through the HTTP API at a steady
// rate by alternating sides. Each delivery's latency runs from the moment the POST is sent (to the
// sender's node) to the moment the recipient's socket (on the other node) receives `message:new`.
// The same is measured, in the same run and with the same client, against a bare Socket.IO emit to
// a user room over two nodes on the same engine, adapter and Redis (bench/bare-node.ts), so
// the ratio shows what ClassCast adds: the session, validation, the access and connection checks,
// the rate limit, the message's transaction (seq, read position), the emits.
//
//   bun run build && DATABASE_URL=postgres://... REDIS_URL=redis://... bun bench/messaging.ts \
//     [--pairs 200] [--rate 50] [--seconds 12]
//
// Goals (docs/PERFORMANCE.md): p99 ratio ≤ 3, lost 0.
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { findOrCreateDirect } from '../src/lib/server/messaging/conversations.repository';
import { inBatches, insertPerson, measureDeliveries, openSocket, openWorkspace, printDeliveries, requireServices, seed, startAppNodes, startBareNodes, waitUntilHealthy, type Person, type Receiver } from './support';

const { values } = parseArgs({
	options: { pairs: { type: 'string', default: '200' }, rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '12' } },
	strict: true
});
const PAIRS = Number(values.pairs);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

const services = requireServices('bench/messaging.ts');
const workspace = await openWorkspace('messaging', services);
const ports = { appA: 4411, appB: 4413, bareA: 4412, bareB: 4414 };

type Pair = { student: Person; teacher: Person; conversationId: number };
type PairSockets = { student: Socket; teacher: Socket };

/** Each pair's student on node A, teacher on node B; `auth` says how a person's socket signs in. */
function openPairs({ pairs, urls, auth }: { pairs: Pair[]; urls: string[]; auth: (p: Person) => Record<string, unknown> }): Promise<PairSockets[]> {
	return inBatches({ count: pairs.length, size: 25 }, async (i) => {
		const p = pairs[i] as Pair;
		return { student: await openSocket(urls[0] as string, auth(p.student)), teacher: await openSocket(urls[1] as string, auth(p.teacher)) };
	});
}

/** Only the recipient's socket counts a message; the sender's own echo carries its side's letter. */
function receivers(sockets: PairSockets[]): Receiver[] {
	const recipient = (recipientIsStudent: boolean) => (payload: unknown) => {
		const match = /^m(\d+) ([st])/.exec((payload as { message: { content: string | null } }).message.content ?? '');
		if (!match || (match[2] === 's') === recipientIsStudent) return undefined;
		return Number(match[1]);
	};
	return sockets.flatMap((pair) => [
		{ socket: pair.student, indexOf: recipient(true) },
		{ socket: pair.teacher, indexOf: recipient(false) }
	]);
}

/**
 * Message i goes in pair i % PAIRS, from the student (POST to node A) on even rounds, from the
 * teacher (POST to node B) on odd ones; only the recipient's socket counts its arrival.
 */
function measure({ pairs, sockets, post }: { pairs: Pair[]; sockets: PairSockets[]; post: (i: number, pair: Pair, fromStudent: boolean) => Promise<Response> }) {
	return measureDeliveries({
		rate: RATE,
		seconds: SECONDS,
		event: 'message:new',
		receivers: receivers(sockets),
		deliveriesPerPost: 1,
		post: (i) => post(i, pairs[i % PAIRS] as Pair, Math.floor(i / PAIRS) % 2 === 0)
	});
}

const close = (sockets: PairSockets[]) => sockets.forEach((p) => (p.student.disconnect(), p.teacher.disconnect()));
const text = (i: number, fromStudent: boolean) => `m${i} ${fromStudent ? 's' : 't'}: shall we take the second movement slower?`;

try {
	// ---- fixtures: active relationships, their conversations, a session per person ----------------
	const pairs = await seed(workspace, async (ctx) => {
		const made: Pair[] = [];
		for (let i = 0; i < PAIRS; i++) {
			const [student, teacher] = [await insertPerson(ctx.db, `msg_student_${i}`, 'student'), await insertPerson(ctx.db, `msg_teacher_${i}`, 'teacher')];
			await ctx.db.insertInto('student_teacher_relationships').values({ student_id: student.id, teacher_id: teacher.id, requested_by: student.id, status: 'active' }).execute();
			const { id } = await ctx.db.transaction().execute((trx) => findOrCreateDirect(trx, student.id, teacher.id));
			made.push({ student, teacher, conversationId: id });
		}
		return made;
	});

	const bareUrls = startBareNodes(workspace, { mode: 'user', ports: [ports.bareA, ports.bareB] });
	const { urls: appUrls } = startAppNodes(workspace, { ports: [ports.appA, ports.appB] });
	await waitUntilHealthy([...bareUrls, ...appUrls]);

	console.log(`${PAIRS} pairs (${PAIRS * 2} sockets) over two nodes, ${RATE} messages/s for ${SECONDS}s (${RATE * SECONDS} messages)`);
	const warm = await openSocket(bareUrls[0] as string, { userId: 0 });
	warm.disconnect();

	const bareSockets = await openPairs({ pairs, urls: bareUrls, auth: (p) => ({ userId: p.id }) });
	const bare = await measure({
		pairs,
		sockets: bareSockets,
		post: (i, pair, fromStudent) =>
			fetch(`${bareUrls[fromStudent ? 0 : 1]}/emit`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ userId: fromStudent ? pair.teacher.id : pair.student.id, message: { content: text(i, fromStudent) } })
			})
	});
	close(bareSockets);

	const appSockets = await openPairs({ pairs, urls: appUrls, auth: (p) => ({ token: p.token }) });
	const app = await measure({
		pairs,
		sockets: appSockets,
		post: (i, pair, fromStudent) =>
			fetch(`${appUrls[fromStudent ? 0 : 1]}/api/conversations/${pair.conversationId}/messages`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${(fromStudent ? pair.student : pair.teacher).token}` },
				body: JSON.stringify({ content: text(i, fromStudent) })
			})
	});
	close(appSockets);

	printDeliveries([
		['bare Socket.IO emit to a user room, 2 nodes + Redis (baseline)', bare],
		['POST /api/conversations/{id}/messages → message:new', app]
	]);
	console.log(`\np99 ratio to the bare emit: ${(app.p99 / bare.p99).toFixed(2)}x (goal ≤ 3x); p50 ratio ${(app.p50 / bare.p50).toFixed(2)}x`);
	console.log(`lost messages: ${app.lost} (goal 0); duplicates: ${app.duplicates}`);
} finally {
	await workspace.close();
}
