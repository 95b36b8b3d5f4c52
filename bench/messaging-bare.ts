// The baseline node of bench/messaging.ts: Socket.IO on the same Bun engine and Redis adapter as
// ClassCast's web nodes, with nothing else. A socket joins `user:{id}` for the id it connects with
// (`auth.userId`, unchecked); `POST /emit {userId, message}` emits `message:new` to that room and
// answers 201, as the messages API does after its own work. Run two of these on one Redis:
//
//   PORT=4412 REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX=bench bun bench/messaging-bare.ts
import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL;
if (!port || !redisUrl) throw new Error('PORT and REDIS_URL are required');
const key = `${process.env.REDIS_KEY_PREFIX ?? 'bench'}:socket.io`;

const io = new Server({ serveClient: false });
const engine = new Engine({ path: '/socket.io/', pingInterval: 25_000 });
io.bind(engine);
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
io.adapter(createAdapter(pub, sub, { key }));
io.on('connection', (socket) => void socket.join(`user:${Number((socket.handshake.auth as { userId?: number }).userId)}`));
const handler = engine.handler();

Bun.serve({
	hostname: '127.0.0.1',
	port,
	idleTimeout: 35,
	websocket: handler.websocket,
	async fetch(request, server) {
		const { pathname } = new URL(request.url);
		if (pathname.startsWith('/socket.io/')) return engine.handleRequest(request, server);
		if (pathname === '/healthz') return new Response('ok');
		if (pathname === '/emit' && request.method === 'POST') {
			const body = (await request.json()) as { userId: number; message: unknown };
			io.to(`user:${body.userId}`).emit('message:new', { message: body.message });
			return Response.json({ message: body.message }, { status: 201 });
		}
		return new Response('not found', { status: 404 });
	}
});
