// ffmpeg and ffprobe argument lists, pure functions of (probe, ladder) that unit tests pin.
//
// Every run reads one local file: `-protocol_whitelist file,pipe`, the input named `file:...`
// (so a name can never be read as another protocol), and the demuxer pinned to the one ffprobe
// chose and probe.ts accepted. Outputs are bare file names, written in the run's cwd, so the
// playlists ffmpeg writes hold relative URLs.
//
// Each rendition is one fragmented MP4 written by the hls muxer with `-hls_segment_type fmp4
// -hls_flags single_file`: ffmpeg 5.1 then writes the media playlist itself, addressing the
// init segment (EXT-X-MAP) and every fragment (EXT-X-BYTERANGE) inside that one file, which
// is also a plain download.
import type { Rendition } from './ladder';
import type { MediaInfo } from './media-info';

/** Seconds between forced keyframes: every rendition switches at the same instants. */
export const KEYFRAME_SECONDS = 2;
/** Target segment length; segments start at the next keyframe after it. */
export const SEGMENT_SECONDS = 4;
/** The first non-black frame is looked for in this much of the start. */
export const THUMBNAIL_SEARCH_SECONDS = 10;
export const THUMBNAIL_MAX = 640;

export interface Source {
	/** absolute path of the local file */
	input: string;
	/** from MediaInfo.demuxer */
	demuxer: string;
}

export function probeArgs(input: string): string[] {
	return ['-v', 'error', '-protocol_whitelist', 'file', '-print_format', 'json', '-show_format', '-show_streams', `file:${input}`];
}

function inputArgs(source: Source, before: string[] = []): string[] {
	return ['-hide_banner', '-nostdin', '-v', 'error', '-protocol_whitelist', 'file,pipe', ...before, '-f', source.demuxer, '-i', `file:${source.input}`];
}

/** Decodes a few frames from `startSeconds`, stopping at the first error; frame lines on stdout. */
export function decodeCheckArgs(options: Source & { startSeconds: number }): string[] {
	const seek = options.startSeconds > 0 ? ['-ss', seconds(options.startSeconds)] : [];
	return [...inputArgs(options, ['-xerror', ...seek]), '-map', '0:v:0', '-frames:v', '5', '-f', 'framecrc', 'pipe:1'];
}

/** The thumbnail's size: the display size fitted in THUMBNAIL_MAX, even. */
export function thumbnailSize(info: MediaInfo): { width: number; height: number } {
	const { width, height } = info.video;
	const factor = Math.min(1, THUMBNAIL_MAX / Math.max(width, height));
	return { width: even(width * factor), height: even(height * factor) };
}

// blackframe with amount=0 tags every frame with its share of dark pixels (pblack), and
// metadata=select keeps the first frame under 90% dark: a fade-in or a lens cap is skipped.
export function thumbnailArgs(options: Source & { info: MediaInfo; output: string }): string[] {
	const { width, height } = thumbnailSize(options.info);
	const filter = [
		'blackframe=amount=0:threshold=32',
		'metadata=mode=select:key=lavfi.blackframe.pblack:value=90:function=less',
		`scale=${width}:${height}`,
		'setsar=1'
	].join(',');
	return [...inputArgs(options, ['-t', String(THUMBNAIL_SEARCH_SECONDS)]), '-map', '0:v:0', '-vf', filter, ...jpeg(options.output)];
}

/** When every frame of the start is dark: simply the first frame. */
export function firstFrameThumbnailArgs(options: Source & { info: MediaInfo; output: string }): string[] {
	const { width, height } = thumbnailSize(options.info);
	return [...inputArgs(options), '-map', '0:v:0', '-vf', `scale=${width}:${height},setsar=1`, ...jpeg(options.output)];
}

function jpeg(output: string): string[] {
	return ['-frames:v', '1', '-q:v', '3', '-an', '-map_metadata', '-1', '-update', '1', '-f', 'image2', '-y', output];
}

/** The fast first rendition: the source's video stream copied, audio copied or made AAC. */
export function remuxArgs(options: Source & { rendition: Rendition }): string[] {
	const r = options.rendition;
	if (r.video !== 'copy') throw new Error(`remuxArgs needs a copy rendition, got ${r.name}`);
	return [
		...inputArgs(options, ['-progress', 'pipe:1', '-nostats']),
		'-map', '0:v:0',
		...(r.audio === 'none' ? [] : ['-map', '0:a:0']),
		'-c:v', 'copy',
		...audioArgs(r),
		...hlsOutputArgs(r.name)
	];
}

/**
 * Every rendition in `renditions` from one decode. The scaling is chained, largest first: each
 * rung is scaled from the one above it, so the full-size frame is scaled once, not per rung.
 */
export function encodeArgs(options: Source & { info: MediaInfo; renditions: Rendition[] }): string[] {
	const { renditions } = options;
	if (renditions.length === 0) throw new Error('encodeArgs needs at least one rendition');
	if (renditions.some((r) => r.video !== 'encode')) throw new Error('encodeArgs encodes only `encode` renditions');
	const capFps = options.info.video.fps > 61 ? 'fps=60,' : '';
	const largestFirst = renditions.map((r, i) => ({ r, i })).sort((a, b) => b.r.width * b.r.height - a.r.width * a.r.height);
	const graph = largestFirst
		.map(({ r, i }, step) => {
			const from = step === 0 ? `[0:v:0]${capFps}` : `[t${step - 1}]`;
			const format = step === 0 ? ',format=yuv420p' : '';
			const out = step < largestFirst.length - 1 ? `,split=2[v${i}][t${step}]` : `[v${i}]`;
			return `${from}scale=${r.width}:${r.height}${format},setsar=1${out}`;
		})
		.join(';');
	return [
		...inputArgs(options, ['-progress', 'pipe:1', '-nostats']),
		'-filter_complex', graph,
		...renditions.flatMap((r, i) => [
			'-map', `[v${i}]`,
			...(r.audio === 'none' ? [] : ['-map', '0:a:0']),
			'-c:v', 'libx264', '-preset', 'veryfast', ...topRungTuning(r), '-profile:v', 'high',
			'-crf', '23', '-maxrate', `${r.videoKbps}k`, '-bufsize', `${r.videoKbps * 2}k`,
			'-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`, '-sc_threshold', '0',
			...audioArgs(r),
			...hlsOutputArgs(r.name)
		])
	];
}

/** Rungs above 720p: this many pixels and more get the cheaper subpixel refinement. */
const LARGE_RUNG_PIXELS = 1280 * 720;

/**
 * A 1080p rung costs as much to encode as the 360p and 720p ones together. x264's subpixel
 * refinement at level 1 instead of veryfast's 2 takes about 30% off it, for the same SSIM and some
 * 12% more bytes on a test pattern (docs/PERFORMANCE.md); it is what keeps the ladder of a source
 * that cannot be copied within its cost goal. Smaller rungs, the ones most played, keep veryfast.
 */
function topRungTuning(r: Rendition): string[] {
	return r.width * r.height > LARGE_RUNG_PIXELS ? ['-x264-params', 'subme=1'] : [];
}

function audioArgs(r: Rendition): string[] {
	if (r.audio === 'none') return ['-an'];
	if (r.audio === 'copy') return ['-c:a', 'copy'];
	// Stereo: multichannel AAC in HLS plays badly in Chrome.
	return ['-c:a', 'aac', '-b:a', `${r.audioKbps}k`, '-ac', '2'];
}

/** One rendition: `{name}.mp4` (fragmented, init + fragments) and `{name}.m3u8` addressing it by byte range. */
export function hlsOutputArgs(name: string): string[] {
	return [
		// Phones write the place a video was filmed into its metadata; none of it is published.
		'-map_metadata', '-1', '-map_chapters', '-1',
		'-f', 'hls',
		'-hls_time', String(SEGMENT_SECONDS),
		'-hls_playlist_type', 'vod',
		'-hls_segment_type', 'fmp4',
		'-hls_flags', 'single_file',
		'-hls_segment_filename', `${name}.mp4`,
		'-y', `${name}.m3u8`
	];
}

function seconds(value: number): string {
	return value.toFixed(3);
}

function even(n: number): number {
	return Math.max(2, Math.round(n / 2) * 2);
}
