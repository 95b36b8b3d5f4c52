// When a picked video is worth shrinking before the upload, and to what size. Pure, so the rule
// is unit-tested; media-probe.ts supplies the facts and compress.ts does the work.

/** What the browser could read of a picked file. */
export interface MediaFacts {
	sizeBytes: number;
	width: number | null;
	height: number | null;
	durationSeconds: number | null;
	/** The whole file's average, in bits per second (size × 8 / duration when nothing better). */
	bitrate: number | null;
	videoCodec: string | null;
	audioCodec: string | null;
}

/** The compression target: H.264 at 720p and about 2.5 Mb/s, so a phone's 1080p clip shrinks several times. */
export const TARGET = { shortSide: 720, videoBitrate: 2_500_000, audioBitrate: 128_000 } as const;

/** Above this average bitrate a file is compressed even at 720p or below. */
export const HIGH_BITRATE = 5_000_000;

export type CompressDecision =
	| { compress: true; reason: 'resolution' | 'bitrate'; width: number; height: number }
	| { compress: false; reason: 'small-enough' | 'unknown' };

/** Even dimensions whose shorter side is at most 720, keeping the aspect ratio. */
export function targetDimensions(width: number, height: number): { width: number; height: number } {
	const short = Math.min(width, height);
	const scale = short > TARGET.shortSide ? TARGET.shortSide / short : 1;
	const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
	return { width: even(width), height: even(height) };
}

export function decideCompression(facts: MediaFacts): CompressDecision {
	const { width, height } = facts;
	if (!width || !height) return { compress: false, reason: 'unknown' };
	const target = targetDimensions(width, height);
	if (Math.min(width, height) > TARGET.shortSide) return { compress: true, reason: 'resolution', ...target };
	if (facts.bitrate != null && facts.bitrate > HIGH_BITRATE) return { compress: true, reason: 'bitrate', ...target };
	return { compress: false, reason: 'small-enough' };
}

/** A file's average bitrate from its size and duration, when the container says nothing better. */
export function averageBitrate(sizeBytes: number, durationSeconds: number | null): number | null {
	if (!durationSeconds || durationSeconds <= 0) return null;
	return Math.round((sizeBytes * 8) / durationSeconds);
}
