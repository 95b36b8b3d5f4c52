import { createServer } from 'node:net';
import type { Subprocess } from 'bun';
import Redis from 'ioredis';

/** A loopback port nobody listens on right now. */
export function sparePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * A redis-server of the test's own on a loopback port, without persistence, so a test can stop
 * and start Redis without touching the machine's shared one.
 */
export class PrivateRedis {
	private process: Subprocess | undefined;
	constructor(readonly port: number) {}

	get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	/** Starts the server and waits until it answers PING (up to 5 s). */
	async start(): Promise<void> {
		this.process = Bun.spawn(['redis-server', '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			stdout: 'ignore',
			stderr: 'ignore'
		});
		const deadline = Date.now() + 5000;
		for (;;) {
			const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
			probe.on('error', () => undefined);
			try {
				await probe.connect();
				if ((await probe.ping()) === 'PONG') return;
			} catch {
				if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
				await Bun.sleep(50);
			} finally {
				probe.disconnect();
			}
		}
	}

	/** Kills the server (as a crash would) and waits for it to be gone. */
	async stop(): Promise<void> {
		const process = this.process;
		this.process = undefined;
		if (!process) return;
		process.kill('SIGKILL');
		await process.exited;
	}
}
