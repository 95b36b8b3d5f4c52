import { describe, expect, it } from 'bun:test';
import { join } from 'node:path';
import { averageBitrate, decideCompression, HIGH_BITRATE, targetDimensions, type MediaFacts } from '../../src/lib/client/compress-decision';
import { FFMPEG_CORE_VERSION, FFMPEG_VERSION } from '../../src/lib/client/ffmpeg-core';
import { estimateSecondsLeft, formatBitrate, formatBytes, formatDuration, formatEstimate, formatPercent } from '../../src/lib/client/format';
import { apiErrorMessage, uploadFingerprint, uploadIdFromUrl } from '../../src/lib/client/upload';

const facts = (over: Partial<MediaFacts>): MediaFacts => ({
	sizeBytes: 10_000_000,
	width: 1280,
	height: 720,
	durationSeconds: 60,
	bitrate: 2_000_000,
	videoCodec: 'avc',
	audioCodec: 'aac',
	...over
});

describe('decideCompression', () => {
	it('compresses a 1080p video to 1280×720', () => {
		expect(decideCompression(facts({ width: 1920, height: 1080 }))).toEqual({ compress: true, reason: 'resolution', width: 1280, height: 720 });
	});

	it('keeps a portrait phone video upright: its shorter side becomes 720', () => {
		expect(decideCompression(facts({ width: 1080, height: 1920 }))).toEqual({ compress: true, reason: 'resolution', width: 720, height: 1280 });
	});

	it('compresses a 720p video whose bitrate is high, keeping its size', () => {
		expect(decideCompression(facts({ bitrate: HIGH_BITRATE + 1 }))).toEqual({ compress: true, reason: 'bitrate', width: 1280, height: 720 });
	});

	it('leaves a 720p video at an ordinary bitrate alone', () => {
		expect(decideCompression(facts({ bitrate: HIGH_BITRATE }))).toEqual({ compress: false, reason: 'small-enough' });
		expect(decideCompression(facts({ width: 854, height: 480, bitrate: null }))).toEqual({ compress: false, reason: 'small-enough' });
	});

	it('does not guess when the resolution is unknown', () => {
		expect(decideCompression(facts({ width: null, height: null }))).toEqual({ compress: false, reason: 'unknown' });
	});
});

describe('targetDimensions', () => {
	it('gives even numbers, as H.264 4:2:0 needs', () => {
		const { width, height } = targetDimensions(1918, 1078);
		expect(width % 2).toBe(0);
		expect(height % 2).toBe(0);
		expect(height).toBe(720);
		expect(targetDimensions(3840, 2160)).toEqual({ width: 1280, height: 720 });
	});
});

describe('averageBitrate', () => {
	it('is size × 8 over the duration, or null without one', () => {
		expect(averageBitrate(1_000_000, 8)).toBe(1_000_000);
		expect(averageBitrate(1_000_000, 0)).toBeNull();
		expect(averageBitrate(1_000_000, null)).toBeNull();
	});
});

describe('formatting', () => {
	it('formats sizes in decimal units', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(4_200_000)).toBe('4.2 MB');
		expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
		expect(formatBytes(250_000_000)).toBe('250 MB');
		expect(formatBytes(-1)).toBe('—');
	});

	it('formats durations as a clock', () => {
		expect(formatDuration(7)).toBe('0:07');
		expect(formatDuration(185)).toBe('3:05');
		expect(formatDuration(3729)).toBe('1:02:09');
		expect(formatDuration(null)).toBe('—');
	});

	it('formats bitrates', () => {
		expect(formatBitrate(2_500_000)).toBe('2.5 Mb/s');
		expect(formatBitrate(800_000)).toBe('800 kb/s');
		expect(formatBitrate(null)).toBe('—');
	});

	it('words estimates coarsely enough not to flicker', () => {
		expect(formatEstimate(null)).toBeNull();
		expect(formatEstimate(0.4)).toBe('almost done');
		expect(formatEstimate(3.2)).toBe('about 4 seconds left');
		expect(formatEstimate(1)).toBe('about 1 second left');
		expect(formatEstimate(23)).toBe('about 25 seconds left');
		expect(formatEstimate(150)).toBe('about 3 minutes left');
		expect(formatEstimate(7200)).toBe('about 2 hours left');
	});

	it('estimates the time left from the average rate, only once there is something to go on', () => {
		expect(estimateSecondsLeft(0.25, 10)).toBe(30);
		expect(estimateSecondsLeft(0.01, 10)).toBeNull();
		expect(estimateSecondsLeft(0.5, 0.5)).toBeNull();
	});

	it('formats a percentage, clamped', () => {
		expect(formatPercent(0.426)).toBe('42%');
		expect(formatPercent(1.5)).toBe('100%');
		expect(formatPercent(Number.NaN)).toBe('0%');
	});
});

describe('upload helpers', () => {
	it('takes the upload id from the last path segment of the upload URL', () => {
		expect(uploadIdFromUrl('http://127.0.0.1:4173/api/uploads/abc123')).toBe('abc123');
		expect(uploadIdFromUrl('/api/uploads/abc123/')).toBe('abc123');
	});

	it('fingerprints a file by name, size and modification time', () => {
		const a = uploadFingerprint({ name: 'etude.mp4', size: 10, lastModified: 1 });
		expect(uploadFingerprint({ name: 'etude.mp4', size: 10, lastModified: 1 })).toBe(a);
		expect(uploadFingerprint({ name: 'etude.mp4', size: 11, lastModified: 1 })).not.toBe(a);
		expect(uploadFingerprint({ name: 'etude.mp4', size: 10, lastModified: 2 })).not.toBe(a);
	});

	it('reads the API error message, and nothing from other bodies', () => {
		expect(apiErrorMessage('{"error":{"code":"too_large","message":"This file is too large."}}')).toBe('This file is too large.');
		expect(apiErrorMessage('<html>')).toBeNull();
		expect(apiErrorMessage('{"error":{}}')).toBeNull();
	});
});

describe('ffmpeg.wasm files', () => {
	it('names the versions that are installed, so the cached URLs change with them', async () => {
		const version = async (pkg: string) => (JSON.parse(await Bun.file(join(process.cwd(), 'node_modules', pkg, 'package.json')).text()) as { version: string }).version;
		expect(FFMPEG_VERSION).toBe(await version('@ffmpeg/ffmpeg'));
		expect(FFMPEG_CORE_VERSION).toBe(await version('@ffmpeg/core-mt'));
	});
});

describe('video details from a form', () => {
	const form = (entries: Record<string, string>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(entries)) data.set(k, v);
		return data;
	};

	it('trims, leaves out empty optional fields and reads the checkbox', async () => {
		const { detailsFromForm } = await import('../../src/routes/(app)/videos/details');
		expect(detailsFromForm(form({ title: '  Etude  ', composer: ' ', pieceName: 'Op. 10', isPublic: 'on' }))).toEqual({ title: 'Etude', pieceName: 'Op. 10', isPublic: true });
	});

	it('sends a cleared field as null on edit, so the edit removes it', async () => {
		const { detailsForEdit } = await import('../../src/routes/(app)/videos/details');
		expect(detailsForEdit(form({ title: 'Etude', composer: '' }))).toEqual({ title: 'Etude', description: null, pieceName: null, composer: null, practiceGoals: null, isPublic: false });
	});
});
