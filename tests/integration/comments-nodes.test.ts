import { afterAll, afterEach, beforeAll, describe, expect, it } from 'bun:test';
import type { Comment } from '../../src/lib/server/comments/comment.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { commentOf, commentsApi, listOf } from '../helpers/comments';
import { PrivateRedis, sparePort } from '../helpers/redis-server';
import { command, connected, dial, nextEvent, recordEvents, type ClientSocket } from '../helpers/sockets';
import { newVideo, recordingJobs } from '../helpers/uploads';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Comments across two web nodes sharing PostgreSQL and Redis, and what Redis going away does to
// them. Needs PostgreSQL (two nodes share one database): skipped on the embedded run.
const postgres = !!process.env.DATABASE_URL;
const services = postgres && !!process.env.REDIS_URL;

interface Cluster {
	first: TestApp;
	second: TestApp;
	owner: SignedInUser;
	viewer: SignedInUser;
	videoId: number;
}

/** Two nodes, one of which runs the jobs; a video of the owner's shared with the viewer. */
async function startCluster(options: { redisUrl?: string } = {}): Promise<Cluster> {
	const first = await startTestApp(options);
	const second = await startTestApp({ ...options, worker: 'off', databaseUrl: first.ctx.config.databaseUrl, keyPrefix: first.ctx.config.keyPrefix });
	for (const node of [first, second]) node.ctx.videoJobs = recordingJobs();
	const [owner, viewer] = [await signUpVerified(first), await signUpVerified(first)];
	const video = await newVideo(first, owner.auth);
	const shared = await first.fetch(`/api/videos/${video.id}/share`, {
		method: 'POST',
		headers: { ...owner.auth, 'content-type': 'application/json' },
		body: JSON.stringify({ userId: viewer.user.id })
	});
	expect(shared.status).toBe(201);
	return { first, second, owner, viewer, videoId: video.id };
}

/** Whether `check` came true within `withinMs`. */
async function until(check: () => boolean, withinMs: number): Promise<boolean> {
	const deadline = Date.now() + withinMs;
	while (!check()) {
		if (Date.now() > deadline) return false;
		await Bun.sleep(25);
	}
	return true;
}

/** A command's ack without data (its `data: undefined` does not travel). */
const OK = { ok: true, data: undefined } as const;
let open: ClientSocket[] = [];
afterEach(() => {
	for (const socket of open) socket.disconnect();
	open = [];
});

async function watching(node: TestApp, user: SignedInUser, videoId: number): Promise<ClientSocket> {
	const socket = await connected(dial(node.url, open, { token: user.token }));
	expect(await command(socket, 'video:join', { videoId })).toEqual(OK);
	return socket;
}

describe.skipIf(!services)('comments on two nodes', () => {
	let cluster: Cluster;
	beforeAll(async () => {
		cluster = await startCluster();
	});
	afterAll(async () => {
		await cluster.second.stop();
		await cluster.first.stop();
	});

	it('a socket on one node sees a comment posted through the other', async () => {
		const { first, second, owner, viewer, videoId } = cluster;
		const onFirst = await watching(first, viewer, videoId);
		const onSecond = await watching(second, owner, videoId);
		const heardFirst = nextEvent(onFirst, 'comment:created');
		const heardSecond = nextEvent(onSecond, 'comment:created');
		const comment = await commentOf(await commentsApi(second).post(viewer.auth, videoId, { content: 'Through the second node', timestamp: 2 }));
		expect((await heardFirst).comment).toEqual(comment);
		expect((await heardSecond).comment).toEqual(comment);
	});
});

describe.skipIf(!postgres)('comments while Redis is down', () => {
	let redis: PrivateRedis;
	let cluster: Cluster;
	beforeAll(async () => {
		redis = new PrivateRedis(await sparePort());
		await redis.start();
		cluster = await startCluster({ redisUrl: redis.url });
	});
	afterAll(async () => {
		await redis.start().catch(() => undefined);
		await cluster.second.stop();
		await cluster.first.stop();
		await redis.stop();
	});

	it('keeps both nodes up and same-node delivery going, resumes across nodes, and ?after= fills the gap', async () => {
		const { first, second, owner, viewer, videoId } = cluster;
		const viaFirst = commentsApi(first);
		const viaSecond = commentsApi(second);
		const onFirst = await watching(first, viewer, videoId);
		const onSecond = await watching(second, owner, videoId);
		const heardOnSecond = recordEvents(onSecond, 'comment:created');

		const bothHear = [nextEvent(onFirst, 'comment:created'), nextEvent(onSecond, 'comment:created')];
		const before = await commentOf(await viaFirst.post(viewer.auth, videoId, { content: 'before', timestamp: 1 }));
		for (const heard of await Promise.all(bothHear)) expect(heard.comment.id).toBe(before.id);

		await redis.stop();
		// Same node: the socket on the first node hears a comment posted there, and likewise on the second.
		const hereFirst = nextEvent(onFirst, 'comment:created');
		const duringFirst = await commentOf(await viaFirst.post(viewer.auth, videoId, { content: 'during, first node', timestamp: 2 }));
		expect((await hereFirst).comment.id).toBe(duringFirst.id);
		const hereSecond = nextEvent(onSecond, 'comment:created');
		const duringSecond = await commentOf(await viaSecond.post(owner.auth, videoId, { content: 'during, second node', timestamp: 3 }));
		expect((await hereSecond).comment.id).toBe(duringSecond.id);

		await redis.start();
		// Across nodes again: comments through the first node reach the second node's socket.
		const posted: Comment[] = [before, duringFirst, duringSecond];
		const deadline = Date.now() + 20_000;
		let resumed = false;
		while (!resumed && Date.now() < deadline) {
			const comment = await commentOf(await viaFirst.post(viewer.auth, videoId, { content: 'after', timestamp: 4 }));
			posted.push(comment);
			resumed = await until(() => heardOnSecond.some((e) => e.comment.id === comment.id), 1000);
		}
		expect(resumed).toBe(true);

		// The second node's client catches up on what it missed from the one it saw before the gap.
		const resync = await listOf(await viaSecond.list(owner.auth, videoId, `?after=${before.id}`));
		const held = new Map<number, Comment>([[before.id, before]]);
		for (const event of heardOnSecond) held.set(event.comment.id, event.comment);
		for (const comment of resync.comments) held.set(comment.id, comment);
		expect(resync.comments.map((c) => c.id)).toEqual(posted.slice(1).map((c) => c.id));
		expect([...held.keys()].sort((a, b) => a - b)).toEqual(posted.map((c) => c.id));

		for (const node of [first, second]) expect((await node.fetch('/healthz')).status).toBe(200);
	}, 90_000);
});
