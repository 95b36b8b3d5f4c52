// Where the server's clock is, seen from a browser: co-review clients stamp nothing themselves,
// they read the shared state against the server's time. Estimated from `time:ping` round trips
// the way NTP does: the sample with the shortest round trip has the least room for error, and
// its offset assumes the answer took half the trip.

export interface ClockSample {
	/** client ms when the ping was sent */
	sent: number;
	/** server ms in the answer */
	serverTime: number;
	/** client ms when the answer arrived */
	received: number;
}

export interface ClockEstimate {
	/** add to the client's clock to get the server's (ms) */
	offset: number;
	/** the round trip of the sample used (ms); the offset is good to about half of it */
	roundTrip: number;
}

export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
	let best: ClockEstimate | null = null;
	for (const { sent, serverTime, received } of samples) {
		const roundTrip = received - sent;
		if (!(roundTrip >= 0) || !Number.isFinite(serverTime)) continue;
		if (!best || roundTrip < best.roundTrip) best = { offset: serverTime - (sent + roundTrip / 2), roundTrip };
	}
	return best;
}
