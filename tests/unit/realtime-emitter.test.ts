import { describe, expect, it } from 'bun:test';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import { createRealtimeEmitter } from '../../src/lib/server/realtime/emitter';
import { createLogger } from '../../src/lib/server/logger';

function capturedLogger() {
	const lines: string[] = [];
	const sink = new Writable({
		write(chunk, _encoding, done) {
			lines.push(String(chunk));
			done();
		}
	});
	return { lines, logger: createLogger('debug', sink) };
}

describe('the realtime emitter without a Socket.IO server', () => {
	it('logs a failed publish instead of leaving an unhandled rejection (which ends a Bun process)', async () => {
		const { lines, logger } = capturedLogger();
		// Nothing listens on port 1; without the offline queue every command fails at once.
		const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
		dead.on('error', () => undefined);
		try {
			const emitter = createRealtimeEmitter({ redis: dead, keyPrefix: 'test', logger });
			emitter.toUser(1).emit('session:revoked', { reason: 'logout' });
			emitter.toSession('abc').end('logout');
			const deadline = Date.now() + 2000;
			while (lines.filter((line) => line.includes('redis publish failed')).length < 3 && Date.now() < deadline) await Bun.sleep(20);
			expect(lines.filter((line) => line.includes('redis publish failed')).length).toBeGreaterThanOrEqual(3);
		} finally {
			dead.disconnect();
		}
	});

	it('drops an event, with a debug line, when there is neither a server nor Redis', () => {
		const { lines, logger } = capturedLogger();
		createRealtimeEmitter({ redis: undefined, keyPrefix: 'test', logger }).toUser(1).end('logout');
		expect(lines.some((line) => line.includes('realtime event dropped'))).toBe(true);
	});
});
