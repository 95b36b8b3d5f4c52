// Pure formatting for the video pages: sizes, durations, bitrates and time estimates, in words a
// person reads at a glance. Shared by the server-rendered pages and the browser modules.

/** "812 KB", "4.2 MB", "1.3 GB" (decimal units, as phones and file managers show them). */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '—';
	if (bytes < 1000) return `${Math.round(bytes)} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1000;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** A clock-style duration: "0:07", "3:05", "1:02:09". */
export function formatDuration(seconds: number | null | undefined): string {
	if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
	const total = Math.round(seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "2.5 Mb/s", "800 kb/s". */
export function formatBitrate(bitsPerSecond: number | null | undefined): string {
	if (bitsPerSecond == null || !Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) return '—';
	if (bitsPerSecond < 1_000_000) return `${Math.round(bitsPerSecond / 1000)} kb/s`;
	return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mb/s`;
}

/** "about 5 seconds left", "about 2 minutes left"; null while there is too little to go on. */
export function formatEstimate(secondsLeft: number | null): string | null {
	if (secondsLeft == null || !Number.isFinite(secondsLeft) || secondsLeft < 0) return null;
	if (secondsLeft < 1) return 'almost done';
	if (secondsLeft < 60) {
		// Under ten seconds every second counts; above, steps of five keep the text from flickering.
		const s = secondsLeft < 10 ? Math.ceil(secondsLeft) : Math.round(secondsLeft / 5) * 5;
		return `about ${s} second${s === 1 ? '' : 's'} left`;
	}
	const minutes = Math.round(secondsLeft / 60);
	if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'} left`;
	const hours = Math.round(minutes / 60);
	return `about ${hours} hour${hours === 1 ? '' : 's'} left`;
}

/**
 * Seconds left from the progress so far, by the average rate since the start. Null until the
 * work has run for a moment and made some progress, since an early guess swings wildly.
 */
export function estimateSecondsLeft(progress: number, elapsedSeconds: number): number | null {
	if (!(progress > 0.02) || !(elapsedSeconds >= 1) || progress > 1) return null;
	return (elapsedSeconds / progress) * (1 - progress);
}

/** "42%" for 0.42, clamped to 0–100. */
export function formatPercent(progress: number): string {
	const clamped = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
	return `${Math.floor(clamped * 100)}%`;
}

/**
 * A position in a video: "0:03", "1:02:09"; with milliseconds only when it is not a whole
 * second ("0:03.250"), so a frame-exact comment shows where exactly it is.
 */
export function formatTimestamp(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '—';
	const ms = Math.round(seconds * 1000);
	const whole = Math.floor(ms / 1000);
	const h = Math.floor(whole / 3600);
	const m = Math.floor((whole % 3600) / 60);
	const s = String(whole % 60).padStart(2, '0');
	const fraction = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0')}` : '';
	return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${s}${fraction}`;
}

/** Reads "7", "0:07", "1:02:09" or "0:07.5" as seconds (to the millisecond); null if it is none of them. */
export function parseTimestamp(text: string): number | null {
	const parts = text.trim().split(':');
	if (parts.length > 3) return null;
	const last = parts.pop() ?? '';
	const seconds = /^\d+(\.\d{1,3})?$/.exec(last);
	if (!seconds || !parts.every((p) => /^\d+$/.test(p))) return null;
	const [h, m] = parts.length === 2 ? [Number(parts[0]), Number(parts[1])] : [0, Number(parts[0] ?? 0)];
	// Past the first field, minutes and seconds stay under 60 ("1:75" is a typo, not 2:15).
	if ((parts.length > 0 && Number(last) >= 60) || (parts.length === 2 && m >= 60)) return null;
	return Math.round((h * 3600 + m * 60 + Number(last)) * 1000) / 1000;
}
