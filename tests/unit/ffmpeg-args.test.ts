import { describe, expect, it } from 'bun:test';
import { decodeCheckArgs, encodeArgs, probeArgs, remuxArgs, thumbnailArgs, thumbnailSize } from '../../server/media/ffmpeg-args';
import { buildLadder } from '../../server/media/ladder';
import type { MediaInfo } from '../../server/media/media-info';
import { avcCodecFromInit, bandwidthOf, masterPlaylist, parseMediaPlaylist } from '../../server/media/playlists';
import { sniffBytes } from '../../server/media/probe';
import { progressFraction } from '../../server/media/run';

const info = (video: Partial<MediaInfo['video']> = {}): MediaInfo => ({
	demuxer: 'mov',
	durationSeconds: 10,
	sizeBytes: 1_000_000,
	video: { codec: 'h264', profile: 'High', pixFmt: 'yuv420p', width: 1920, height: 1080, fps: 30, rotation: 0, bitrate: 4_000_000, ...video },
	audio: { codec: 'aac', profile: 'LC', channels: 2 }
});
const source = { input: '/tmp/in/upload', demuxer: 'mov' };

/** The value after `flag` (the first occurrence from `from`). */
const after = (args: string[], flag: string, from = 0) => args[args.indexOf(flag, from) + 1];

describe('ffmpeg arguments', () => {
	it('reads only the local input file, with the demuxer ffprobe chose', () => {
		const ladder = buildLadder(info({ codec: 'hevc' }));
		for (const args of [
			encodeArgs({ ...source, info: info(), renditions: ladder.rest }),
			thumbnailArgs({ ...source, info: info(), output: 'thumbnail.jpg' }),
			decodeCheckArgs({ ...source, startSeconds: 0 })
		]) {
			expect(after(args, '-protocol_whitelist')).toBe('file,pipe');
			expect(args.indexOf('-protocol_whitelist')).toBeLessThan(args.indexOf('-i'));
			expect(after(args, '-f')).toBe('mov');
			expect(after(args, '-i')).toBe('file:/tmp/in/upload');
		}
		expect(probeArgs('/tmp/in/upload')).toEqual(expect.arrayContaining(['-protocol_whitelist', 'file', 'file:/tmp/in/upload']));
	});

	it('encodes several rungs from one decode, each scaled from the rung above it', () => {
		const ladder = buildLadder(info({ codec: 'hevc' }));
		const two = ladder.renditions.slice(1);
		const args = encodeArgs({ ...source, info: info(), renditions: two });
		expect(args.filter((a) => a === '-i')).toHaveLength(1);
		// [hd, fhd]: fhd (v1) from the source, hd (v0) from fhd's frames.
		expect(after(args, '-filter_complex')).toBe('[0:v:0]scale=1920:1080,format=yuv420p,setsar=1,split=2[v1][t0];[t0]scale=1280:720,setsar=1[v0]');
		const all = encodeArgs({ ...source, info: info(), renditions: ladder.renditions });
		expect(after(all, '-filter_complex')).toBe(
			'[0:v:0]scale=1920:1080,format=yuv420p,setsar=1,split=2[v2][t0];[t0]scale=1280:720,setsar=1,split=2[v1][t1];[t1]scale=640:360,setsar=1[v0]'
		);
		expect(args.filter((a) => a === '-map' || a.startsWith('[v'))).toEqual(['-map', '[v0]', '-map', '-map', '[v1]', '-map']);
		expect(args.filter((a) => a.endsWith('.m3u8'))).toEqual(['hd.m3u8', 'fhd.m3u8']);
		expect(after(args, '-progress')).toBe('pipe:1');
		expect(after(args, '-maxrate')).toBe(`${two[0]!.videoKbps}k`);
	});

	it('gives only a rung above 720p the cheaper subpixel refinement', () => {
		const ladder = buildLadder(info({ codec: 'hevc' }));
		const args = encodeArgs({ ...source, info: info(), renditions: ladder.renditions });
		// One -x264-params, in the 1080p output's options (after its -map, before its playlist).
		expect(args.filter((a) => a === '-x264-params')).toHaveLength(1);
		const at = args.indexOf('-x264-params');
		expect(args[at + 1]).toBe('subme=1');
		expect(args.indexOf('[v2]')).toBeLessThan(at);
		expect(args.indexOf('fhd.m3u8')).toBeGreaterThan(at);
		expect(args.indexOf('hd.m3u8')).toBeLessThan(at);
	});

	it('writes each rendition as one fragmented MP4 addressed by a byte-range playlist', () => {
		const args = encodeArgs({ ...source, info: info(), renditions: [buildLadder(info({ codec: 'hevc' })).rest[0]!] });
		expect(after(args, '-f', args.indexOf('-filter_complex'))).toBe('hls');
		expect(after(args, '-hls_segment_type')).toBe('fmp4');
		expect(after(args, '-hls_flags')).toBe('single_file');
		expect(after(args, '-hls_playlist_type')).toBe('vod');
		expect(after(args, '-hls_segment_filename')).toBe('sd.mp4');
		expect(args.at(-1)).toBe('sd.m3u8');
		// Keyframes at fixed instants, so every rendition switches at the same points.
		expect(after(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
		expect(after(args, '-map_metadata')).toBe('-1');
	});

	it('uses a single chain without split for one rung, and caps the frame rate at 60', () => {
		const fast = info({ fps: 120, codec: 'hevc' });
		const args = encodeArgs({ ...source, info: fast, renditions: [buildLadder(fast).rest[0]!] });
		expect(after(args, '-filter_complex')).toBe('[0:v:0]fps=60,scale=640:360,format=yuv420p,setsar=1[v0]');
	});

	it('remuxes by copying the video stream, audio copied when it is AAC-LC', () => {
		const hd = info({ width: 1280, height: 720, bitrate: 2_000_000 });
		const args = remuxArgs({ ...source, rendition: buildLadder(hd).first! });
		expect(after(args, '-c:v')).toBe('copy');
		expect(after(args, '-c:a')).toBe('copy');
		expect(args).not.toContain('-filter_complex');
		expect(args.at(-1)).toBe('hd.m3u8');
		expect(() => remuxArgs({ ...source, rendition: buildLadder(info({ codec: 'hevc' })).rest[0]! })).toThrow();
	});

	it('drops audio for a silent source', () => {
		const silent = { ...info({ codec: 'vp9' }), audio: undefined };
		const args = encodeArgs({ ...source, info: silent, renditions: buildLadder(silent).renditions });
		expect(args).not.toContain('0:a:0');
		expect(args.filter((a) => a === '-an')).toHaveLength(3);
	});

	it('takes the thumbnail from the first frame that is not black, fitted in 640', () => {
		const args = thumbnailArgs({ ...source, info: info({ width: 1080, height: 1920 }), output: 'thumbnail.jpg' });
		const filter = after(args, '-vf') ?? '';
		expect(filter).toContain('blackframe=amount=0');
		expect(filter).toContain('metadata=mode=select:key=lavfi.blackframe.pblack:value=90:function=less');
		expect(filter).toContain('scale=360:640');
		expect(after(args, '-frames:v')).toBe('1');
		expect(args.at(-1)).toBe('thumbnail.jpg');
		expect(thumbnailSize(info({ width: 320, height: 240 }))).toEqual({ width: 320, height: 240 });
	});

	it('stops the decode check at the first error', () => {
		const args = decodeCheckArgs({ ...source, startSeconds: 8.5 });
		expect(args).toContain('-xerror');
		expect(after(args, '-ss')).toBe('8.500');
		expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
	});
});

const MEDIA = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="hd.mp4",BYTERANGE="1373@0"
#EXTINF:4.000000,
#EXT-X-BYTERANGE:1000000@1373
hd.mp4
#EXTINF:2.000000,
#EXT-X-BYTERANGE:250000
hd.mp4
#EXT-X-ENDLIST
`;

describe('playlists', () => {
	it('reads the init segment and byte ranges, an omitted offset following the previous range', () => {
		const playlist = parseMediaPlaylist(MEDIA);
		expect(playlist.map).toEqual({ uri: 'hd.mp4', length: 1373, offset: 0 });
		expect(playlist.segments).toEqual([
			{ uri: 'hd.mp4', duration: 4, length: 1_000_000, offset: 1373 },
			{ uri: 'hd.mp4', duration: 2, length: 250_000, offset: 1_001_373 }
		]);
		expect(() => parseMediaPlaylist('#EXTM3U\n#EXTINF:4,\nhd.mp4\n')).toThrow();
	});

	it('takes BANDWIDTH as the peak segment bitrate', () => {
		expect(bandwidthOf(parseMediaPlaylist(MEDIA))).toEqual({ peak: 2_000_000, average: Math.ceil(1_250_000 * 8 / 6) });
	});

	it('writes a master playlist with BANDWIDTH, RESOLUTION and CODECS, lowest first, relative URIs', () => {
		const text = masterPlaylist([
			{ playlist: 'hd.m3u8', bandwidth: 2_800_000, averageBandwidth: 2_500_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 30 },
			{ playlist: 'sd.m3u8', bandwidth: 900_000, averageBandwidth: 800_000, width: 640, height: 360, codecs: 'avc1.64001e,mp4a.40.2' }
		]);
		expect(text).toBe(
			'#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n' +
				'#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"\nsd.m3u8\n' +
				'#EXT-X-STREAM-INF:BANDWIDTH=2800000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000\nhd.m3u8\n'
		);
	});

	it('names the H.264 profile and level from the avcC box', () => {
		const init = Buffer.concat([Buffer.from('....stsd....avcC', 'latin1'), Buffer.from([1, 0x64, 0x00, 0x1f, 0xff])]);
		expect(avcCodecFromInit(init)).toBe('avc1.64001f');
		expect(() => avcCodecFromInit(Buffer.from('no box here'))).toThrow();
	});
});

describe('progress and first bytes', () => {
	it('turns out_time_us into a fraction of the duration, within 0..1', () => {
		expect(progressFraction('out_time_us=5000000', 10)).toBe(0.5);
		expect(progressFraction('out_time_us=12000000', 10)).toBe(1);
		expect(progressFraction('frame=12', 10)).toBeUndefined();
		expect(progressFraction('out_time_us=N/A', 10)).toBeUndefined();
	});

	it('recognises archives, pictures and video containers by their first bytes', () => {
		const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(272)]);
		expect(sniffBytes(pad(Buffer.from([0x50, 0x4b, 0x03, 0x04])))).toBe('archive');
		expect(sniffBytes(pad(Buffer.from([0x1f, 0x8b, 0x08])))).toBe('archive');
		expect(sniffBytes(pad(Buffer.from([0x89, 0x50, 0x4e, 0x47])))).toBe('image');
		expect(sniffBytes(pad(Buffer.from('\0\0\0\x18ftypheic', 'latin1')))).toBe('image');
		expect(sniffBytes(pad(Buffer.from('\0\0\0\x18ftypisom', 'latin1')))).toBe('video-container');
		expect(sniffBytes(pad(Buffer.from('hello', 'latin1')))).toBe('unknown');
	});
});
