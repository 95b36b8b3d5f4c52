// Reads a picked file's facts in the browser (container, codecs, resolution, duration, bitrate)
// with mediabunny, which parses MP4/MOV/WebM/MKV itself without decoding a frame.
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { averageBitrate, type MediaFacts } from './compress-decision';

export class NotAVideoError extends Error {
	constructor(message = 'This file has no video we can read. Choose a video file, such as an MP4 or MOV from your phone.') {
		super(message);
		this.name = 'NotAVideoError';
	}
}

/**
 * The facts of a picked file. Throws NotAVideoError when the browser finds no video track in it;
 * the server checks again, so this is only for the person's benefit.
 */
export async function probeFile(file: Blob): Promise<MediaFacts> {
	const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
	try {
		const video = await input.getPrimaryVideoTrack().catch(() => null);
		if (!video) throw new NotAVideoError();
		const audio = await input.getPrimaryAudioTrack().catch(() => null);
		const durationSeconds = await input.computeDuration().catch(() => null);
		return {
			sizeBytes: file.size,
			width: video.displayWidth,
			height: video.displayHeight,
			durationSeconds,
			bitrate: averageBitrate(file.size, durationSeconds),
			videoCodec: video.codec,
			audioCodec: audio?.codec ?? null
		};
	} finally {
		input.dispose();
	}
}
