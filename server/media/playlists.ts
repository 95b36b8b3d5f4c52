// Reading the media playlists ffmpeg wrote and writing the master playlist over them.
// Pure except readRendition, which reads a playlist and its init segment from disk.
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ByteRange {
	length: number;
	offset: number;
}

/** A byte-range media playlist: the init segment and each fragment, inside one file. */
export interface MediaPlaylist {
	map: ByteRange & { uri: string };
	segments: (ByteRange & { uri: string; duration: number })[];
}

/** Parses the subset of RFC 8216 the hls muxer writes for single_file fMP4 playlists. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
	const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
	if (lines[0] !== '#EXTM3U') throw new Error('not an HLS playlist');
	let map: MediaPlaylist['map'] | undefined;
	const segments: MediaPlaylist['segments'] = [];
	let duration: number | undefined;
	let range: ByteRange | undefined;
	let nextOffset = 0;
	for (const line of lines.slice(1)) {
		if (line.startsWith('#EXT-X-MAP:')) {
			const uri = /URI="([^"]+)"/.exec(line)?.[1];
			const byterange = /BYTERANGE="(\d+)@(\d+)"/.exec(line);
			if (!uri || !byterange) throw new Error('EXT-X-MAP without URI and BYTERANGE');
			map = { uri, length: Number(byterange[1]), offset: Number(byterange[2]) };
		} else if (line.startsWith('#EXTINF:')) {
			duration = Number.parseFloat(line.slice('#EXTINF:'.length));
		} else if (line.startsWith('#EXT-X-BYTERANGE:')) {
			const [length, offset] = line.slice('#EXT-X-BYTERANGE:'.length).split('@');
			range = { length: Number(length), offset: offset === undefined ? nextOffset : Number(offset) };
		} else if (!line.startsWith('#')) {
			if (duration === undefined || !range) throw new Error(`segment ${line} without EXTINF and EXT-X-BYTERANGE`);
			segments.push({ uri: line, duration, ...range });
			nextOffset = range.offset + range.length;
			duration = undefined;
			range = undefined;
		}
	}
	if (!map) throw new Error('playlist without EXT-X-MAP');
	if (segments.length === 0) throw new Error('playlist without segments');
	return { map, segments };
}

/** HLS BANDWIDTH is the peak segment bitrate; AVERAGE-BANDWIDTH the whole file's. */
export function bandwidthOf(playlist: MediaPlaylist): { peak: number; average: number } {
	let peak = 0;
	let bytes = 0;
	let seconds = 0;
	for (const s of playlist.segments) {
		bytes += s.length;
		seconds += s.duration;
		if (s.duration > 0) peak = Math.max(peak, (s.length * 8) / s.duration);
	}
	const average = seconds > 0 ? (bytes * 8) / seconds : peak;
	// A last segment of a few frames can under-report; the average is a floor.
	return { peak: Math.ceil(Math.max(peak, average)), average: Math.ceil(average) };
}

/** RFC 6381 codec string of the H.264 stream, read from the avcC box of an init segment. */
export function avcCodecFromInit(init: Uint8Array): string {
	const at = Buffer.from(init).indexOf('avcC', 0, 'latin1');
	if (at < 0 || at + 8 > init.length) throw new Error('init segment without an avcC box');
	const hex = (b: number | undefined) => (b ?? 0).toString(16).padStart(2, '0');
	return `avc1.${hex(init[at + 5])}${hex(init[at + 6])}${hex(init[at + 7])}`;
}

export interface VariantStream {
	playlist: string;
	bandwidth: number;
	averageBandwidth: number;
	width: number;
	height: number;
	codecs: string;
	frameRate?: number;
}

/** The master playlist: one EXT-X-STREAM-INF per rendition, lowest bandwidth first, relative URIs. */
export function masterPlaylist(variants: VariantStream[]): string {
	const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
	const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
	for (const v of sorted) {
		const attributes = [
			`BANDWIDTH=${v.bandwidth}`,
			`AVERAGE-BANDWIDTH=${v.averageBandwidth}`,
			`RESOLUTION=${v.width}x${v.height}`,
			`CODECS="${v.codecs}"`,
			...(v.frameRate ? [`FRAME-RATE=${v.frameRate.toFixed(3)}`] : [])
		];
		lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, v.playlist);
	}
	return `${lines.join('\n')}\n`;
}

/**
 * Reads a rendition's playlist from `dir` and checks that it addresses only its own media file
 * by a bare relative name, so the published playlist can never point elsewhere.
 */
export async function readRendition(dir: string, name: string, options: { hasAudio: boolean }): Promise<{ playlist: MediaPlaylist; codecs: string }> {
	const media = `${name}.mp4`;
	const playlist = parseMediaPlaylist(await readFile(join(dir, `${name}.m3u8`), 'utf8'));
	for (const uri of [playlist.map.uri, ...playlist.segments.map((s) => s.uri)]) {
		if (uri !== media) throw new Error(`${name}.m3u8 addresses ${uri}, expected ${media}`);
	}
	const handle = await open(join(dir, media), 'r');
	try {
		const init = Buffer.alloc(playlist.map.length);
		await handle.read(init, 0, init.length, playlist.map.offset);
		const video = avcCodecFromInit(init);
		return { playlist, codecs: options.hasAudio ? `${video},mp4a.40.2` : video };
	} finally {
		await handle.close();
	}
}
