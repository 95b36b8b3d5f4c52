// What ffprobe said about a file, checked and reduced to what the ladder needs, or the refusal
// a person can understand. Pure: probe.ts runs ffprobe and hands its JSON here.
import { z } from 'zod';

/** Limits an upload must fit; a portrait video fits when its rotated size does. */
export interface VideoLimits {
	maxDurationSeconds: number;
	maxWidth: number;
	maxHeight: number;
	maxBytes: number;
}

export const DEFAULT_LIMITS: VideoLimits = {
	maxDurationSeconds: 3 * 60 * 60,
	maxWidth: 3840,
	maxHeight: 2160,
	maxBytes: 2 * 1024 ** 3
};

export type RefusalCode = 'empty' | 'not_video' | 'image' | 'archive' | 'audio_only' | 'corrupt' | 'unsupported' | 'too_long' | 'too_large';

/** A file we will not process, with a sentence for the person who uploaded it. */
export interface Refusal {
	code: RefusalCode;
	message: string;
}

/** The source as the ladder sees it: display size (rotation and pixel shape applied). */
export interface MediaInfo {
	/** the demuxer ffprobe chose; every later ffmpeg run is pinned to it */
	demuxer: string;
	durationSeconds: number;
	sizeBytes: number;
	video: {
		codec: string;
		profile?: string;
		pixFmt?: string;
		width: number;
		height: number;
		fps: number;
		/** degrees the picture is turned on display (phones filming upright) */
		rotation: number;
		/** bits per second, when the container says */
		bitrate?: number;
	};
	audio?: { codec: string; profile?: string; channels: number; bitrate?: number };
}

const num = z.union([z.string(), z.number()]).optional().transform((v) => (v === undefined || v === 'N/A' ? undefined : Number(v)));
const streamSchema = z.object({
	codec_type: z.string().optional(),
	codec_name: z.string().optional(),
	profile: z.string().optional(),
	pix_fmt: z.string().optional(),
	width: z.number().optional(),
	height: z.number().optional(),
	sample_aspect_ratio: z.string().optional(),
	avg_frame_rate: z.string().optional(),
	r_frame_rate: z.string().optional(),
	channels: z.number().optional(),
	bit_rate: num,
	duration: num,
	disposition: z.object({ attached_pic: z.number().optional() }).loose().optional(),
	tags: z.record(z.string(), z.string()).optional(),
	side_data_list: z.array(z.object({ rotation: z.number().optional() }).loose()).optional()
});
export const ffprobeSchema = z.object({
	streams: z.array(streamSchema.loose()).default([]),
	format: z.object({ format_name: z.string(), duration: num, bit_rate: num }).loose()
});
type Stream = z.infer<typeof streamSchema>;

// Containers a phone, a camera or a browser writes video in; anything else (ffmpeg also reads
// playlists, text art, image sequences...) is refused before any decoding.
const VIDEO_DEMUXERS = new Set(['mov', 'matroska', 'avi', 'mpegts', 'mpeg', 'flv', 'asf', 'ogg']);
const VIDEO_CODECS = new Set(['h264', 'hevc', 'vp8', 'vp9', 'av1', 'mpeg4', 'mpeg2video', 'mpeg1video', 'mjpeg', 'prores', 'dnxhd', 'dvvideo', 'theora', 'vc1', 'wmv3', 'h263', 'msmpeg4v3']);
const IMAGE_FORMAT = /(_pipe|^image2|^gif|^apng|^webp)/;

/** Checks ffprobe's JSON against the limits: the source's description, or a refusal. */
export function interpretProbe(json: unknown, sizeBytes: number, limits: VideoLimits): { ok: true; info: MediaInfo } | { ok: false; refusal: Refusal } {
	const parsed = ffprobeSchema.safeParse(json);
	if (!parsed.success) return refuse('not_video', 'This file is not a video we can read.');
	const { streams, format } = parsed.data;
	const demuxer = format.format_name.split(',')[0] ?? '';
	const videos = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
	const audio = streams.find((s) => s.codec_type === 'audio');
	if (IMAGE_FORMAT.test(format.format_name)) return refuse('image', 'This file is a picture, not a video.');
	if (videos.length === 0) {
		if (audio) return refuse('audio_only', 'This file has sound but no picture. Please upload a video.');
		return refuse('not_video', 'This file is not a video.');
	}
	if (!VIDEO_DEMUXERS.has(demuxer)) return refuse('not_video', 'This file is not a video we can read.');
	const video = videos[0] as Stream;
	if (!video.codec_name || !VIDEO_CODECS.has(video.codec_name)) {
		return refuse('unsupported', `This video is in a format we cannot process (${video.codec_name ?? 'unknown'}).`);
	}
	if (!video.width || !video.height) return refuse('corrupt', 'This video seems damaged: its picture size cannot be read.');
	const durationSeconds = format.duration ?? video.duration;
	if (!durationSeconds || !Number.isFinite(durationSeconds) || durationSeconds <= 0) {
		return refuse('corrupt', 'This video seems damaged or incomplete: its length cannot be read.');
	}
	if (durationSeconds > limits.maxDurationSeconds) {
		return refuse('too_long', `This video is ${minutes(durationSeconds)} long; the limit is ${minutes(limits.maxDurationSeconds)}.`);
	}
	const { width, height, rotation } = displaySize(video);
	const fits = (w: number, h: number) => w <= limits.maxWidth && h <= limits.maxHeight;
	if (!fits(width, height) && !fits(height, width)) {
		return refuse('too_large', `This video is ${width}×${height}; the largest we take is ${limits.maxWidth}×${limits.maxHeight}.`);
	}
	if (sizeBytes > limits.maxBytes) return refuse('too_large', tooManyBytes(sizeBytes, limits.maxBytes));
	return {
		ok: true,
		info: {
			demuxer,
			durationSeconds,
			sizeBytes,
			video: { codec: video.codec_name, profile: video.profile, pixFmt: video.pix_fmt, width, height, fps: frameRate(video), rotation, bitrate: video.bit_rate ?? format.bit_rate },
			audio: audio?.codec_name ? { codec: audio.codec_name, profile: audio.profile, channels: audio.channels ?? 2, bitrate: audio.bit_rate } : undefined
		}
	};
}

export function tooManyBytes(sizeBytes: number, maxBytes: number): string {
	const mb = (n: number) => `${Math.round(n / 1024 ** 2)} MB`;
	return `This file is ${mb(sizeBytes)}; the limit is ${mb(maxBytes)}.`;
}

/** The size the picture is shown at: rotated by the display matrix, stretched by the pixel shape. */
function displaySize(video: Stream): { width: number; height: number; rotation: number } {
	let width = video.width ?? 0;
	const height = video.height ?? 0;
	const sar = /^(\d+):(\d+)$/.exec(video.sample_aspect_ratio ?? '');
	if (sar && Number(sar[1]) > 0 && Number(sar[2]) > 0) width = Math.round((width * Number(sar[1])) / Number(sar[2]));
	const rotation = video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(video.tags?.rotate ?? 0);
	return Math.abs(rotation) % 180 === 90 ? { width: height, height: width, rotation } : { width, height, rotation };
}

function frameRate(video: Stream): number {
	for (const rate of [video.avg_frame_rate, video.r_frame_rate]) {
		const [n, d] = (rate ?? '').split('/').map(Number);
		if (n && d && n / d > 0 && n / d < 1000) return n / d;
	}
	return 30;
}

function minutes(seconds: number): string {
	if (seconds < 120) return `${Math.round(seconds)} seconds`;
	return `${Math.round(seconds / 60)} minutes`;
}

function refuse(code: RefusalCode, message: string): { ok: false; refusal: Refusal } {
	return { ok: false, refusal: { code, message } };
}
