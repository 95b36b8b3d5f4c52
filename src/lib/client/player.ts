// Attaches an HLS playlist to a <video>: hls.js over Media Source Extensions where it can, the
// browser's own HLS (Safari, iOS) where hls.js cannot. The playlist and its media are on our own
// origin, so the session cookie goes with every request and /media/ checks access each time.
import type Hls from 'hls.js';

/** A choice in the quality menu: -1 is automatic (hls.js picks by bandwidth). */
export interface QualityLevel {
	index: number;
	label: string;
}

export interface PlayerHandle {
	/** The renditions hls.js found, tallest first, after "Auto"; empty with native HLS. */
	levels(): QualityLevel[];
	/** The chosen level (-1: automatic). */
	current(): number;
	select(index: number): void;
	destroy(): void;
}

export interface AttachOptions {
	/** Called when the levels are known or the choice changes. */
	onLevels?: (levels: QualityLevel[], current: number) => void;
	/** A playback failure a person should know about. */
	onError?: (message: string) => void;
}

export async function attachPlayer(video: HTMLVideoElement, playlistUrl: string, options: AttachOptions = {}): Promise<PlayerHandle> {
	const { default: HlsClass } = await import('hls.js');
	if (!HlsClass.isSupported()) {
		if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = playlistUrl;
		else options.onError?.('This browser cannot play streamed video.');
		return { levels: () => [], current: () => -1, select: () => {}, destroy: () => video.removeAttribute('src') };
	}
	const hls: Hls = new HlsClass({ xhrSetup: (xhr) => {
			xhr.withCredentials = true;
		}, capLevelToPlayerSize: true });
	let chosen = -1;
	const levels = (): QualityLevel[] => [
		{ index: -1, label: 'Auto' },
		...hls.levels.map((level, index) => ({ index, label: level.height ? `${level.height}p` : `${Math.round(level.bitrate / 1000)} kb/s` })).reverse()
	];
	hls.on(HlsClass.Events.MANIFEST_PARSED, () => options.onLevels?.(levels(), chosen));
	// hls.js has retried by the time an error is fatal; recover a few times, then say so.
	let recoveries = 0;
	hls.on(HlsClass.Events.ERROR, (_event, data) => {
		if (!data.fatal) return;
		if (++recoveries > 3) options.onError?.('The video could not be loaded. Check your connection and reload the page.');
		else if (data.type === HlsClass.ErrorTypes.NETWORK_ERROR) hls.startLoad();
		else if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
		else options.onError?.('The video could not be played.');
	});
	hls.loadSource(playlistUrl);
	hls.attachMedia(video);
	return {
		levels,
		current: () => chosen,
		select(index) {
			chosen = index;
			// currentLevel switches at once (flushing the buffer); -1 hands the choice back to ABR.
			hls.currentLevel = index;
			options.onLevels?.(levels(), chosen);
		},
		destroy: () => hls.destroy()
	};
}
