// The WebCodecs engine: mediabunny's Conversion decodes, scales and encodes H.264 in the browser.
// Debian's Chromium encodes H.264 but has no AAC encoder, so AAC audio is copied as it is and
// other audio becomes AAC where the browser can encode it, Opus where it cannot.
import { ALL_FORMATS, BlobSource, BufferTarget, canEncodeAudio, Conversion, Input, Mp4OutputFormat, Output, type InputAudioTrack } from 'mediabunny';
import { abortError, type CompressOptions } from './compress';
import { TARGET } from './compress-decision';

async function audioOptions(track: InputAudioTrack) {
	if (track.codec === 'aac') return {}; // copied without re-encoding
	const aac = await canEncodeAudio('aac', { bitrate: TARGET.audioBitrate }).catch(() => false);
	return { codec: aac ? ('aac' as const) : ('opus' as const), bitrate: TARGET.audioBitrate };
}

export async function compressWithWebCodecs(file: File, options: CompressOptions): Promise<Uint8Array<ArrayBuffer>> {
	const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
	const target = new BufferTarget();
	const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target });
	try {
		const conversion = await Conversion.init({
			input,
			output,
			tracks: 'primary',
			video: {
				width: options.width,
				height: options.height,
				fit: 'contain',
				codec: 'avc',
				bitrate: TARGET.videoBitrate,
				// A key frame every two seconds: the server can cut HLS segments from it as it is.
				keyFrameInterval: 2,
				forceTranscode: true
			},
			audio: audioOptions,
			showWarnings: false
		});
		if (!conversion.isValid) {
			const reasons = conversion.discardedTracks.map((t) => `${t.track.type}: ${t.reason}`).join(', ');
			throw new Error(`This browser cannot convert the video (${reasons}).`);
		}
		const onAbort = () => void conversion.cancel();
		options.signal?.addEventListener('abort', onAbort, { once: true });
		conversion.onProgress = (progress) => options.onProgress?.(progress);
		try {
			await conversion.execute();
		} catch (error) {
			if (options.signal?.aborted) throw abortError();
			throw error;
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
		}
		if (!target.buffer) throw new Error('The conversion produced no output.');
		return new Uint8Array(target.buffer);
	} finally {
		input.dispose();
	}
}
