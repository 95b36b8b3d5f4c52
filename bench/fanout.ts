// Comment fan-out: one video room, sockets split over two ClassCast nodes on one PostgreSQL and
// one Redis, comments posted through the HTTP API at a steady rate. Each delivery's latency runs
// from the moment the POST is sent to the moment a socket receives `comment:created`. The same
// is measured, in the same run and with the same client, against a bare Socket.IO broadcast
// over two nodes on the same engine, adapter and Redis (bench/bare-node.ts), so the ratio
// shows what ClassCast adds: the session, validation, access check, the comment's transaction,
// the notification row, the emit. Then: the memory of idle authenticated sockets on one node.
//
//   bun run build && DATABASE_URL=postgres://... REDIS_URL=redis://... bun bench/fanout.ts \
//     [--sockets 500] [--rate 10] [--seconds 15] [--idle 1000]
//
// Goals (docs/PERFORMANCE.md): p99 ratio ≤ 3, lost 0, 1000 idle sockets ≤ 60 MB on one node.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { inBatches, insertPerson, measureDeliveries, openSocket, openWorkspace, printDeliveries, requireServices, seed, startAppNodes, startBareNodes, waitUntilHealthy, type Person, type Receiver } from './support';

const { values } = parseArgs({
	options: {
		sockets: { type: 'string', default: '500' },
		rate: { type: 'string', default: '10' },
		seconds: { type: 'string', default: '15' },
		idle: { type: 'string', default: '1000' }
	},
	strict: true
});
const SOCKETS = Number(values.sockets);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const IDLE = Number(values.idle);
/** Posters share the posting (one comment a second each), so none of them meets the per-user comment limits. */
const POSTERS = Math.max(1, Math.ceil(RATE));
/** Viewers whose sessions the sockets use (several sockets per viewer, as tabs and phones do). */
const VIEWERS = 20;

const services = requireServices('bench/fanout.ts');
const workspace = await openWorkspace('fanout', services);
const ports = { appA: 4401, appB: 4403, bareA: 4402, bareB: 4404 };

/** Opens `count` websockets, 50 at a time, alternating over `urls`; `prepare` runs once each is connected. */
function openSockets(options: { count: number; urls: string[]; token?: (i: number) => string; prepare?: (s: Socket) => Promise<void> }) {
	return inBatches({ count: options.count, size: 50 }, async (i) => {
		const token = options.token?.(i);
		const socket = await openSocket(options.urls[i % options.urls.length] as string, token ? { token } : {});
		await options.prepare?.(socket);
		return socket;
	});
}

async function rssBytes(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return kb * 1024;
}

const tokenOf = (people: Person[], i: number) => (people[i % people.length] as Person).token;
const close = (sockets: Socket[]) => sockets.forEach((socket) => socket.disconnect());
/** Every socket hears every comment; the index is in its content. */
const receivers = (sockets: Socket[]): Receiver[] =>
	sockets.map((socket) => ({
		socket,
		indexOf: (body) => {
			const content = (body as { comment?: { content?: string } })?.comment?.content;
			const match = content ? /^Bar (\d+):/.exec(content) : null;
			return match ? Number(match[1]) : undefined;
		}
	}));

try {
	// ---- fixtures: an owner's video shared with every viewer and poster, a session for each ----------
	const setup = await seed(workspace, async (ctx) => {
		const owner = await insertPerson(ctx.db, 'fanout_owner');
		const viewers = await Promise.all(Array.from({ length: VIEWERS }, (_, i) => insertPerson(ctx.db, `fanout_viewer_${i}`)));
		const posters = await Promise.all(Array.from({ length: POSTERS }, (_, i) => insertPerson(ctx.db, `fanout_poster_${i}`)));
		const video = await ctx.db
			.insertInto('videos')
			.values({ user_id: owner.id, title: 'Fan-out étude', url: 'pending', duration: 600, video_status: 'ready' })
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const person of [...viewers, ...posters]) {
			await ctx.db.insertInto('video_sharing').values({ video_id: video.id, user_id: person.id }).execute();
		}
		return { videoId: video.id, viewers, posters };
	});

	// ---- baseline: bare Socket.IO over two nodes and the same Redis ---------------------------------
	const bareUrls = startBareNodes(workspace, { mode: 'room', ports: [ports.bareA, ports.bareB] });
	await waitUntilHealthy(bareUrls);

	// ---- ClassCast: two web nodes; the first also runs the jobs --------------------------------------
	const { urls: appUrls, nodes } = startAppNodes(workspace, { ports: [ports.appA, ports.appB] });
	const nodeA = nodes[0] as (typeof nodes)[number];
	await waitUntilHealthy(appUrls);

	const payload = (i: number) => JSON.stringify({ content: `Bar ${i}: hold the bow closer to the bridge.`, timestamp: (i % 600) + 0.25, category: 'technique' });

	console.log(`${SOCKETS} sockets over two nodes, ${RATE} comments/s for ${SECONDS}s (${RATE * SECONDS} comments)`);
	console.log('warming up…');
	const warm = await openSockets({ count: 10, urls: bareUrls });
	close(warm);

	const bareSockets = await openSockets({ count: SOCKETS, urls: bareUrls });
	const bare = await measureDeliveries({
		rate: RATE,
		seconds: SECONDS,
		event: 'comment:created',
		receivers: receivers(bareSockets),
		deliveriesPerPost: bareSockets.length,
		post: (i) =>
			fetch(`${bareUrls[i % 2]}/emit`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ comment: { content: `Bar ${i}: hold the bow closer to the bridge.` } })
			})
	});
	close(bareSockets);

	const join = async (socket: Socket) => {
		const ack = (await socket.timeout(10_000).emitWithAck('video:join', { videoId: setup.videoId })) as { ok: boolean; error?: { message: string } };
		if (!ack.ok) throw new Error(`video:join refused: ${ack.error?.message}`);
	};
	const appSockets = await openSockets({ count: SOCKETS, urls: appUrls, token: (i) => tokenOf(setup.viewers, i), prepare: join });
	const app = await measureDeliveries({
		rate: RATE,
		seconds: SECONDS,
		event: 'comment:created',
		receivers: receivers(appSockets),
		deliveriesPerPost: appSockets.length,
		post: (i) =>
			fetch(`${appUrls[i % 2]}/api/videos/${setup.videoId}/comments`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(setup.posters, i)}` },
				body: payload(i)
			})
	});
	close(appSockets);

	// ---- memory: idle authenticated sockets on node A -------------------------------------------
	await Bun.sleep(3000);
	const before = await rssBytes(nodeA.pid);
	const idle = await openSockets({ count: IDLE, urls: appUrls.slice(0, 1), token: (i) => tokenOf(setup.viewers, i) });
	await Bun.sleep(5000);
	const after = await rssBytes(nodeA.pid);
	close(idle);

	printDeliveries([
		['bare Socket.IO broadcast, 2 nodes + Redis (baseline)', bare],
		['POST /api/videos/{id}/comments → comment:created', app]
	]);
	const ratio = app.p99 / bare.p99;
	console.log(`\np99 ratio to the bare broadcast: ${ratio.toFixed(2)}x (goal ≤ 3x); p50 ratio ${(app.p50 / bare.p50).toFixed(2)}x`);
	console.log(`lost comments: ${app.lost} (goal 0); duplicates: ${app.duplicates}`);
	const perSocketKb = (after - before) / IDLE / 1024;
	console.log(`${IDLE} idle authenticated sockets on one node: RSS +${((after - before) / 1024 / 1024).toFixed(1)} MB (${perSocketKb.toFixed(1)} KB each; goal ≤ 60 MB)`);
} finally {
	await workspace.close();
}
