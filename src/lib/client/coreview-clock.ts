// The server's clock as one co-review page sees it: a few `time:ping` round trips when the page
// joins, a few more every half minute, and the offset of the best recent sample (clock.ts).
import { estimateOffset, type ClockSample } from '$lib/review/clock';
import type { BrowserSocket } from './socket';

/** Round trips measured on joining, and at each later probe. */
const FIRST_PINGS = 5;
const LATER_PINGS = 3;
/** Samples kept: old ones age out, so a clock that was adjusted is followed. */
const KEPT = 12;
export const CLOCK_PROBE_INTERVAL = 30_000;
const PING_TIMEOUT = 3000;

export class ServerClock {
	#samples: ClockSample[] = [];
	#offset = 0;
	/** Whether at least one sample has been taken. */
	known = false;

	/** Server ms now. */
	now(): number {
		return Date.now() + this.#offset;
	}

	get offset(): number {
		return this.#offset;
	}

	add(sample: ClockSample): void {
		this.#samples = [...this.#samples, sample].slice(-KEPT);
		const estimate = estimateOffset(this.#samples);
		if (estimate) {
			this.#offset = estimate.offset;
			this.known = true;
		}
	}

	/** Measures `first` or later round trips one after the other (a burst would queue behind itself). */
	async probe(socket: BrowserSocket, first: boolean): Promise<void> {
		for (let i = 0; i < (first ? FIRST_PINGS : LATER_PINGS); i++) {
			const sample = await ping(socket);
			if (sample) this.add(sample);
			else return;
		}
	}
}

function ping(socket: BrowserSocket): Promise<ClockSample | null> {
	return new Promise((resolve) => {
		if (!socket.connected) return resolve(null);
		const sent = Date.now();
		socket.timeout(PING_TIMEOUT).emit('time:ping', { clientTime: sent }, (error, answer) => {
			const received = Date.now();
			resolve(!error && answer.ok ? { sent, serverTime: answer.data.serverTime, received } : null);
		});
	});
}
