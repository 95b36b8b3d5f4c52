import { describe, expect, it } from 'bun:test';
import { buildLadder, canCopyVideo, videoKbpsFor } from '../../server/media/ladder';
import { DEFAULT_LIMITS, interpretProbe, type MediaInfo } from '../../server/media/media-info';

function source(video: Partial<MediaInfo['video']> = {}, audio: MediaInfo['audio'] | null = { codec: 'aac', profile: 'LC', channels: 2, bitrate: 128_000 }): MediaInfo {
	return {
		demuxer: 'mov',
		durationSeconds: 60,
		sizeBytes: 10_000_000,
		video: { codec: 'h264', profile: 'High', pixFmt: 'yuv420p', width: 1920, height: 1080, fps: 30, rotation: 0, bitrate: 4_000_000, ...video },
		audio: audio ?? undefined
	};
}

const sizes = (info: MediaInfo) => buildLadder(info).renditions.map((r) => `${r.name} ${r.width}x${r.height} ${r.video}`);

describe('the rendition ladder', () => {
	it('gives a 1080p source 360p, 720p and 1080p, all encoded when it is not H.264', () => {
		expect(sizes(source({ codec: 'hevc' }))).toEqual(['sd 640x360 encode', 'hd 1280x720 encode', 'fhd 1920x1080 encode']);
	});

	it('never upscales: a 4K source stops at 1080p', () => {
		expect(sizes(source({ width: 3840, height: 2160, bitrate: 20_000_000 })).at(-1)).toBe('fhd 1920x1080 encode');
	});

	it('gives a 480p source 360p plus its own 480p as the top rung', () => {
		expect(sizes(source({ codec: 'mpeg4', width: 854, height: 480 }))).toEqual(['sd 640x360 encode', 'hd 854x480 encode']);
	});

	it('gives a source barely above 360p only the 360p rung', () => {
		expect(sizes(source({ codec: 'mpeg4', width: 710, height: 400 }))).toEqual(['sd 640x360 encode']);
	});

	it('keeps a small source at its own size', () => {
		expect(sizes(source({ codec: 'mpeg4', width: 320, height: 240 }))).toEqual(['sd 320x240 encode']);
	});

	it('measures portrait videos on their short side and keeps their shape', () => {
		expect(sizes(source({ width: 1080, height: 1920, codec: 'vp9' }))).toEqual(['sd 360x640 encode', 'hd 720x1280 encode', 'fhd 1080x1920 encode']);
	});

	it('keeps the aspect ratio with even dimensions', () => {
		for (const r of buildLadder(source({ width: 1440, height: 1080 })).renditions) {
			expect(r.width % 2).toBe(0);
			expect(r.height % 2).toBe(0);
			expect(Math.abs(r.width / r.height - 4 / 3)).toBeLessThan(0.01);
		}
	});

	it('gives a bigger rung a higher bitrate', () => {
		const [sd, hd, fhd] = buildLadder(source()).renditions;
		expect(sd!.videoKbps).toBeLessThan(hd!.videoKbps);
		expect(hd!.videoKbps).toBeLessThan(fhd!.videoKbps);
		expect(videoKbpsFor(1280, 720, 60)).toBeGreaterThan(videoKbpsFor(1280, 720, 30));
	});

	it('encodes every rung in one pass when the source cannot be copied', () => {
		const ladder = buildLadder(source({ codec: 'hevc' }));
		expect(ladder.first).toBeNull();
		expect(ladder.rest.map((r) => r.name)).toEqual(['sd', 'hd', 'fhd']);
	});
});

describe('the fast first rendition', () => {
	const hd = (video: Partial<MediaInfo['video']> = {}, audio?: MediaInfo['audio'] | null) =>
		source({ width: 1280, height: 720, bitrate: 2_500_000, ...video }, audio);

	it('remuxes an H.264 720p source as the hd rung and encodes 360p after', () => {
		const ladder = buildLadder(hd());
		expect(ladder.first).toMatchObject({ name: 'hd', video: 'copy', audio: 'copy', width: 1280, height: 720 });
		expect(ladder.rest.map((r) => `${r.name} ${r.video}`)).toEqual(['sd encode']);
	});

	it('copies an H.264 1080p source as its top rung, first, and encodes 360p and 720p after', () => {
		const ladder = buildLadder(source());
		expect(ladder.first).toMatchObject({ name: 'fhd', video: 'copy', width: 1920, height: 1080 });
		expect(ladder.rest.map((r) => `${r.name} ${r.video}`)).toEqual(['sd encode', 'hd encode']);
	});

	it('copies an H.264 480p source as its top rung', () => {
		expect(buildLadder(source({ width: 854, height: 480, bitrate: 1_500_000 })).first).toMatchObject({ name: 'hd', video: 'copy' });
	});

	it('does not copy what some browsers cannot play or what is too heavy', () => {
		expect(canCopyVideo(hd())).toBe(true);
		expect(canCopyVideo(hd({ codec: 'hevc' }))).toBe(false);
		expect(canCopyVideo(hd({ pixFmt: 'yuv420p10le', profile: 'High 10' }))).toBe(false);
		expect(canCopyVideo(hd({ bitrate: 40_000_000 }))).toBe(false);
		expect(canCopyVideo(hd({ bitrate: undefined }))).toBe(false);
		expect(canCopyVideo(source({ width: 2560, height: 1440 }))).toBe(false);
		// The HLS muxer would drop the rotation, so an upright phone video is encoded upright.
		expect(canCopyVideo(hd({ rotation: -90 }))).toBe(false);
	});

	it('encodes the audio of a remux when it is not stereo AAC-LC', () => {
		expect(buildLadder(hd({}, { codec: 'opus', channels: 2 })).first).toMatchObject({ video: 'copy', audio: 'encode' });
		expect(buildLadder(hd({}, { codec: 'aac', profile: 'LC', channels: 6 })).first?.audio).toBe('encode');
	});

	it('gives no audio to renditions of a silent source', () => {
		expect(buildLadder(hd({}, null)).renditions.map((r) => r.audio)).toEqual(['none', 'none']);
	});
});

describe('the size the ladder starts from', () => {
	const probe = (video: Record<string, unknown>) => ({
		format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.5', bit_rate: '3000000' },
		streams: [{ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001', ...video }]
	});

	it('turns a phone video filmed upright by its display matrix', () => {
		const outcome = interpretProbe(probe({ side_data_list: [{ rotation: -90 }] }), 1000, DEFAULT_LIMITS);
		expect(outcome.ok && outcome.info.video).toMatchObject({ width: 1080, height: 1920, rotation: -90 });
		expect(outcome.ok && buildLadder(outcome.info).renditions.at(-1)).toMatchObject({ width: 1080, height: 1920 });
	});

	it('stretches non-square pixels to their display width', () => {
		const outcome = interpretProbe(probe({ width: 1440, sample_aspect_ratio: '4:3' }), 1000, DEFAULT_LIMITS);
		expect(outcome.ok && outcome.info.video).toMatchObject({ width: 1920, height: 1080 });
		expect(outcome.ok && outcome.info.video.fps).toBeCloseTo(29.97, 2);
	});

	it('ignores cover art: a song with a picture is audio only', () => {
		const song = { format: { format_name: 'mp3', duration: '200' }, streams: [{ codec_type: 'audio', codec_name: 'mp3' }, { codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } }] };
		expect(interpretProbe(song, 1000, DEFAULT_LIMITS)).toMatchObject({ ok: false, refusal: { code: 'audio_only' } });
	});

	it('refuses containers that are not video files, whatever streams they claim', () => {
		const hls = { format: { format_name: 'hls', duration: '10' }, streams: [{ codec_type: 'video', codec_name: 'h264', width: 640, height: 360 }] };
		expect(interpretProbe(hls, 1000, DEFAULT_LIMITS)).toMatchObject({ ok: false, refusal: { code: 'not_video' } });
	});
});
