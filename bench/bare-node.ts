// The baseline node of bench/fanout.ts and bench/messaging.ts: Socket.IO on the same Bun engine
// and Redis adapter as ClassCast's web nodes, with nothing else. `POST /emit` emits its JSON body
// and answers 201, as the API does after its own work. Two modes:
//  - BARE_MODE=room (fan-out): every socket joins one room; the body goes to it as `comment:created`;
//  - BARE_MODE=user (messaging): a socket joins `user:{auth.userId}` (unchecked); `{userId, message}`
//    goes to that room as `message:new {message}`.
// Run two of these on one Redis, as the benchmarks do:
//
//   BARE_MODE=room PORT=4402 REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX=bench bun bench/bare-node.ts
import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL;
const mode = process.env.BARE_MODE;
if (!port || !redisUrl || (mode !== 'room' && mode !== 'user')) throw new Error('PORT, REDIS_URL and BARE_MODE (room or user) are required');
const key = `${process.env.REDIS_KEY_PREFIX ?? 'bench'}:socket.io`;

const io = new Server({ serveClient: false });
const engine = new Engine({ path: '/socket.io/', pingInterval: 25_000 });
io.bind(engine);
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
io.adapter(createAdapter(pub, sub, { key }));
io.on('connection', (socket) => {
	const room = mode === 'room' ? 'room' : `user:${Number((socket.handshake.auth as { userId?: number }).userId)}`;
	void socket.join(room);
});
const handler = engine.handler();

/** Emits as the API would, and answers with what it emitted. */
function emit(body: unknown): unknown {
	if (mode === 'room') {
		io.to('room').emit('comment:created', body);
		return body;
	}
	const { userId, message } = body as { userId: number; message: unknown };
	io.to(`user:${userId}`).emit('message:new', { message });
	return { message };
}

Bun.serve({
	hostname: '127.0.0.1',
	port,
	idleTimeout: 35,
	websocket: handler.websocket,
	async fetch(request, server) {
		const { pathname } = new URL(request.url);
		if (pathname.startsWith('/socket.io/')) return engine.handleRequest(request, server);
		if (pathname === '/healthz') return new Response('ok');
		if (pathname === '/emit' && request.method === 'POST') return Response.json(emit(await request.json()), { status: 201 });
		return new Response('not found', { status: 404 });
	}
});
