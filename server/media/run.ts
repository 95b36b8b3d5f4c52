// Runs ffmpeg and ffprobe: resolved binaries, a time limit, an AbortSignal, progress from
// `-progress pipe:1`, and the tail of stderr kept so a failure can say why.
// Argument lists come from ffmpeg-args.ts; this module never decides what ffmpeg does.

/** Why a run ended without success; `reason` is the last lines ffmpeg wrote to stderr. */
export class MediaProcessError extends Error {
	constructor(
		readonly kind: 'failed' | 'timeout' | 'aborted' | 'missing-binary',
		message: string,
		readonly stderrTail = ''
	) {
		super(message);
		this.name = 'MediaProcessError';
	}
}

export interface MediaBinaries {
	ffmpeg: string;
	ffprobe: string;
}

let resolved: MediaBinaries | undefined;

/** FFMPEG_PATH / FFPROBE_PATH override the system binaries; read once, then kept. */
export function mediaBinaries(): MediaBinaries {
	resolved ??= {
		ffmpeg: process.env.FFMPEG_PATH || Bun.which('ffmpeg') || 'ffmpeg',
		ffprobe: process.env.FFPROBE_PATH || Bun.which('ffprobe') || 'ffprobe'
	};
	return resolved;
}

/** For tests that point the environment at other binaries. */
export function resetMediaBinaries(): void {
	resolved = undefined;
}

export interface RunOptions {
	binary: 'ffmpeg' | 'ffprobe';
	args: string[];
	/** Outputs are named relative to this folder, so playlists hold bare file names. */
	cwd?: string;
	/** Killed (SIGKILL) after this long; the run then fails with kind `timeout`. */
	timeoutMs: number;
	signal?: AbortSignal;
	/** With `-progress pipe:1` in args: the media's duration, to turn out_time into 0..1. */
	progress?: { durationSeconds: number; onProgress: (fraction: number) => void; minIntervalMs?: number };
}

export interface RunResult {
	stdout: string;
	stderrTail: string;
}

const STDERR_TAIL_BYTES = 4096;

/** Runs one ffmpeg/ffprobe process to its end; rejects with a MediaProcessError unless it exits 0. */
export async function runMedia(options: RunOptions): Promise<RunResult> {
	if (options.signal?.aborted) throw new MediaProcessError('aborted', `${options.binary} was cancelled`);
	const path = mediaBinaries()[options.binary];
	let proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
	try {
		proc = Bun.spawn([path, ...options.args], { cwd: options.cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
	} catch (error) {
		throw new MediaProcessError('missing-binary', `${options.binary} could not be started (${path}): ${String(error)}`);
	}
	let ended: 'timeout' | 'aborted' | undefined;
	const kill = (why: 'timeout' | 'aborted') => {
		ended ??= why;
		proc.kill('SIGKILL');
	};
	const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
	const onAbort = () => kill('aborted');
	options.signal?.addEventListener('abort', onAbort, { once: true });
	try {
		const [stdout, stderrTail, code] = await Promise.all([
			readStdout(proc.stdout, options.progress),
			readTail(proc.stderr),
			proc.exited
		]);
		if (ended === 'timeout') {
			throw new MediaProcessError('timeout', `${options.binary} took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped`, stderrTail);
		}
		if (ended === 'aborted') throw new MediaProcessError('aborted', `${options.binary} was cancelled`, stderrTail);
		if (code !== 0) {
			throw new MediaProcessError('failed', `${options.binary} exited with ${code}: ${lastLine(stderrTail)}`, stderrTail);
		}
		if (options.progress) options.progress.onProgress(1);
		return { stdout, stderrTail };
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
	}
}

/** Reads stdout whole, or, with progress, as `key=value` lines reported as they arrive. */
async function readStdout(stream: ReadableStream<Uint8Array>, progress: RunOptions['progress']): Promise<string> {
	const decoder = new TextDecoder();
	if (!progress) return await new Response(stream).text();
	const minInterval = progress.minIntervalMs ?? 500;
	let lastReport = 0;
	let pending = '';
	for await (const chunk of chunks(stream)) {
		pending += decoder.decode(chunk, { stream: true });
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			const fraction = progressFraction(line, progress.durationSeconds);
			const now = performance.now();
			if (fraction !== undefined && fraction < 1 && now - lastReport >= minInterval) {
				lastReport = now;
				progress.onProgress(fraction);
			}
		}
	}
	return '';
}

/** One `-progress` line → a fraction in 0..1, or undefined when it is not an out_time line. */
export function progressFraction(line: string, durationSeconds: number): number | undefined {
	const match = /^out_time_us=(\d+)/.exec(line.trim());
	if (!match || durationSeconds <= 0) return undefined;
	return Math.min(1, Math.max(0, Number(match[1]) / 1e6 / durationSeconds));
}

async function readTail(stream: ReadableStream<Uint8Array>): Promise<string> {
	const decoder = new TextDecoder();
	let tail = '';
	for await (const chunk of chunks(stream)) tail = (tail + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL_BYTES);
	return tail.trim();
}

async function* chunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
	const reader = stream.getReader();
	for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
}

function lastLine(text: string): string {
	return text.split('\n').filter(Boolean).at(-1) ?? 'no error message';
}
