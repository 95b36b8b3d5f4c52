// The renditions a source gets, and which one comes first. Pure: a function of the probe.
//
// Rungs are 360p, 720p and 1080p, measured on the short side so portrait phone videos get the
// same ladder. Never upscaled. A source between two rungs gets its own size as the top rung
// (a 480p upload: 360p + 480p), unless it is barely above the rung below (under 1.2×).
import type { MediaInfo } from './media-info';

export type RenditionName = 'sd' | 'hd' | 'fhd';

export interface Rendition {
	name: RenditionName;
	width: number;
	height: number;
	/** `copy`: the source's H.264 stream remuxed; `encode`: x264 at `videoKbps` peak */
	video: 'copy' | 'encode';
	videoKbps: number;
	/** `none` when the source has no sound */
	audio: 'copy' | 'encode' | 'none';
	audioKbps: number;
}

export interface Ladder {
	/** lowest first */
	renditions: Rendition[];
	/** the source's stream remuxed, published as soon as it exists; null when nothing can be copied */
	first: Rendition | null;
	/** encoded after the first (or alone), from one decode of the source */
	rest: Rendition[];
}

const RUNGS: { name: RenditionName; short: number }[] = [
	{ name: 'sd', short: 360 },
	{ name: 'hd', short: 720 },
	{ name: 'fhd', short: 1080 }
];

/** Peak video bitrate for a picture size: 2500 kb/s at 720p30, growing a bit slower than pixels. */
export function videoKbpsFor(width: number, height: number, fps: number): number {
	const fpsFactor = fps > 40 ? 1.5 : 1;
	const kbps = 2500 * ((width * height) / (1280 * 720)) ** 0.75 * fpsFactor;
	return Math.max(200, Math.round(kbps / 50) * 50);
}

export function buildLadder(info: MediaInfo): Ladder {
	const { width, height } = info.video;
	const short = Math.min(width, height);
	const sized: { name: RenditionName; short: number }[] = [];
	for (const rung of RUNGS) {
		const previous = sized.at(-1);
		if (short >= rung.short) sized.push(rung);
		else {
			if (!previous) sized.push({ name: rung.name, short });
			else if (short >= previous.short * 1.2) sized.push({ name: rung.name, short });
			break;
		}
	}
	const copyable = canCopyVideo(info);
	const renditions = sized.map(({ name, short: target }): Rendition => {
		const isSource = target === short;
		const [w, h] = isSource ? [width, height] : scaled(width, height, target / short);
		const video = isSource && copyable ? 'copy' : 'encode';
		return {
			name,
			width: video === 'copy' ? width : even(w),
			height: video === 'copy' ? height : even(h),
			video,
			videoKbps: videoKbpsFor(w, h, info.video.fps),
			audio: info.audio ? (video === 'copy' && canCopyAudio(info) ? 'copy' : 'encode') : 'none',
			audioKbps: name === 'sd' ? 96 : 128
		};
	});
	// A source that cannot be copied (HEVC from a phone, 10-bit, rotated) is decoded once for the
	// whole ladder. A quick lowest rung first would be playable sooner but decodes the source twice,
	// and decoding HEVC costs a third of a 720p encode: the ladder's cost goal wins over early play
	// for the rare upload that skipped the browser's compression (docs/PERFORMANCE.md).
	const first = renditions.find((r) => r.video === 'copy') ?? null;
	return { renditions, first, rest: renditions.filter((r) => r !== first) };
}

// The browser's compression makes H.264 720p, and phones film H.264 1080p: such a stream is
// served as it is (the top rung, and the first one playable) when every browser plays it
// (8-bit 4:2:0, a common profile), it is no bigger than the 1080p rung and its bitrate is sane.
// Encoding nothing at the source's size is also what keeps the whole ladder cheap.
export function canCopyVideo(info: MediaInfo): boolean {
	const v = info.video;
	if (v.codec !== 'h264') return false;
	if (v.pixFmt !== 'yuv420p' && v.pixFmt !== 'yuvj420p') return false;
	if (!['Baseline', 'Constrained Baseline', 'Main', 'High'].includes(v.profile ?? '')) return false;
	if (Math.min(v.width, v.height) > 1088 || Math.max(v.width, v.height) > 1928) return false;
	if (v.fps > 61) return false;
	// ffmpeg 5.1's HLS muxer drops the display matrix: a copied upright phone video would lie on its side.
	if (v.rotation % 360 !== 0) return false;
	if (!v.bitrate || v.bitrate > 3 * 1000 * videoKbpsFor(v.width, v.height, v.fps)) return false;
	return true;
}

/** AAC-LC in mono or stereo plays in every browser's HLS; anything else is encoded (cheap). */
export function canCopyAudio(info: MediaInfo): boolean {
	const a = info.audio;
	return !!a && a.codec === 'aac' && (a.profile === 'LC' || a.profile === undefined) && a.channels <= 2;
}

function scaled(width: number, height: number, factor: number): [number, number] {
	return [width * factor, height * factor];
}

/** x264 with 4:2:0 needs even sizes. */
function even(n: number): number {
	return Math.max(2, Math.round(n / 2) * 2);
}
