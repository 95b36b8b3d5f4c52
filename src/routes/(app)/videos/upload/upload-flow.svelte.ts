// The upload page's state: probe → compress (or not) → upload, each step with its progress.
// The details form is filled meanwhile; saving waits for the upload and then creates the video.
import { compress, chooseEngine, type Engine } from '$lib/client/compress';
import { findCompressed, forgetCompressed, keepCompressed } from '$lib/client/compressed-cache';
import { decideCompression, type CompressDecision, type MediaFacts } from '$lib/client/compress-decision';
import { estimateSecondsLeft, formatEstimate } from '$lib/client/format';
import { probeFile } from '$lib/client/media-probe';
import { startUpload, type UploadHandle } from '$lib/client/upload';

export type Phase = 'idle' | 'probing' | 'compressing' | 'uploading' | 'uploaded' | 'failed';

export class UploadFlow {
	phase = $state<Phase>('idle');
	file = $state<File | null>(null);
	facts = $state<MediaFacts | null>(null);
	decision = $state<CompressDecision | null>(null);
	engine = $state<Engine | null>(null);
	compressProgress = $state(0);
	compressEstimate = $state<string | null>(null);
	/** The compressed file and its facts, once compression finished. */
	compressed = $state<{ file: File; facts: MediaFacts; seconds: number } | null>(null);
	uploadSent = $state(0);
	uploadTotal = $state(0);
	uploadEstimate = $state<string | null>(null);
	uploadId = $state<string | null>(null);
	error = $state<string | null>(null);
	notice = $state<string | null>(null);

	#abort: AbortController | null = null;
	#upload: UploadHandle | null = null;
	#uploaded: Promise<string> | null = null;
	#run = 0;

	/** Starts over with a newly picked file. */
	async pick(file: File, forced: Engine | null): Promise<void> {
		const run = ++this.#run;
		this.reset();
		this.file = file;
		this.phase = 'probing';
		try {
			this.facts = await probeFile(file);
			if (run !== this.#run) return;
			this.decision = decideCompression(this.facts);
			let toUpload = file;
			if (this.decision.compress) {
				const kept = await findCompressed(file);
				if (kept) {
					this.compressed = { file: kept, facts: await probeFile(kept), seconds: 0 };
					this.notice = 'Using the compressed copy made before the page was reloaded.';
					toUpload = kept;
				} else {
					toUpload = await this.#compress(file, this.decision, forced, run);
					if (toUpload !== file) await keepCompressed(file, toUpload);
				}
			}
			if (run !== this.#run) return;
			this.#startUpload(toUpload, file);
		} catch (error) {
			if (run !== this.#run) return;
			this.phase = 'failed';
			this.error = error instanceof Error ? error.message : 'Something went wrong with this file.';
		}
	}

	/** Stops compressing: the original goes up as it is. */
	skip(): void {
		this.#abort?.abort();
	}

	/** The upload id once every byte is on the server (rejects if the upload fails). */
	uploaded(): Promise<string> {
		return this.#uploaded ?? Promise.reject(new Error('Choose a video first.'));
	}

	reset(): void {
		this.#abort?.abort();
		void this.#upload?.pause();
		this.#abort = this.#upload = this.#uploaded = null;
		Object.assign(this, { phase: 'idle', file: null, facts: null, decision: null, engine: null, compressed: null, uploadId: null, error: null, notice: null });
		Object.assign(this, { compressProgress: 0, compressEstimate: null, uploadSent: 0, uploadTotal: 0, uploadEstimate: null });
	}

	async #compress(file: File, decision: Extract<CompressDecision, { compress: true }>, forced: Engine | null, run: number): Promise<File> {
		this.engine = await chooseEngine(forced, decision);
		if (!this.engine) {
			this.notice =
				forced === 'ffmpeg'
					? 'ffmpeg.wasm needs this page loaded on its own (reload it); the original is uploaded instead.'
					: 'This browser cannot compress video, so the original is uploaded as it is.';
			return file;
		}
		this.phase = 'compressing';
		this.#abort = new AbortController();
		const started = performance.now();
		try {
			const output = await compress(file, {
				engine: this.engine,
				width: decision.width,
				height: decision.height,
				durationSeconds: this.facts?.durationSeconds ?? null,
				audioCodec: this.facts?.audioCodec,
				signal: this.#abort.signal,
				onProgress: (progress) => {
					if (run !== this.#run) return;
					this.compressProgress = progress;
					this.compressEstimate = formatEstimate(estimateSecondsLeft(progress, (performance.now() - started) / 1000));
				}
			});
			const facts = await probeFile(output);
			if (run === this.#run) this.compressed = { file: output, facts, seconds: (performance.now() - started) / 1000 };
			return output;
		} catch (error) {
			if (this.#abort?.signal.aborted && run === this.#run) {
				this.notice = 'Compression skipped: the original is uploaded as it is.';
				return file;
			}
			throw error;
		} finally {
			this.#abort = null;
		}
	}

	#startUpload(file: File, original: File): void {
		this.phase = 'uploading';
		this.uploadTotal = file.size;
		const started = performance.now();
		let startBytes: number | null = null;
		this.#upload = startUpload(file, {
			onResume: () => (this.notice = 'Continuing an earlier upload of this file.'),
			onProgress: (sent, total) => {
				startBytes ??= sent;
				this.uploadSent = sent;
				this.uploadTotal = total;
				const share = total > startBytes ? (sent - startBytes) / (total - startBytes) : 1;
				this.uploadEstimate = formatEstimate(estimateSecondsLeft(share, (performance.now() - started) / 1000));
			}
		});
		this.#uploaded = this.#upload.done.then(
			(id) => {
				if (file !== original) void forgetCompressed(original);
				this.uploadId = id;
				this.phase = 'uploaded';
				return id;
			},
			(error: Error) => {
				this.phase = 'failed';
				this.error = error.message;
				throw error;
			}
		);
		// The page awaits it when the form is saved; an unawaited failure is shown, not thrown.
		this.#uploaded.catch(() => {});
	}
}
