// The media core against real ffmpeg and ffprobe, on fixtures generated at test time.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeArgs, remuxArgs } from '../../server/media/ffmpeg-args';
import { buildLadder } from '../../server/media/ladder';
import { DEFAULT_LIMITS } from '../../server/media/media-info';
import { parseMediaPlaylist } from '../../server/media/playlists';
import { MediaRefusedError, probeVideo } from '../../server/media/probe';
import { MediaProcessError, resetMediaBinaries, runMedia } from '../../server/media/run';
import { publishOrder, sweepStaleWorkDirs, transcodeVideo, withWorkDir, type PublishItem, type TranscodeResult } from '../../server/media/transcode';
import { ffprobeJson, makeFixtures } from '../helpers/video-fixtures';

let fx: Awaited<ReturnType<typeof makeFixtures>>;
beforeAll(async () => {
	fx = await makeFixtures();
}, 120_000);
afterAll(() => fx?.remove());

const limits = DEFAULT_LIMITS;

async function refusal(path: string, custom = limits): Promise<MediaRefusedError> {
	const error = await probeVideo(path, { limits: custom }).then(
		() => undefined,
		(e: unknown) => e
	);
	if (!(error instanceof MediaRefusedError)) throw new Error(`expected a refusal for ${path}, got ${String(error)}`);
	return error;
}

describe('validating an upload', () => {
	it('refuses a text file named .mp4 as not a video', async () => {
		expect((await refusal(fx.text)).refusal).toEqual({ code: 'not_video', message: 'This file is not a video.' });
	});

	it('refuses a picture named .mp4', async () => {
		expect((await refusal(fx.image)).refusal).toEqual({ code: 'image', message: 'This file is a picture, not a video.' });
	});

	it('refuses an archive named .mp4', async () => {
		expect((await refusal(fx.archive)).refusal.code).toBe('archive');
	});

	it('refuses a sound file without picture', async () => {
		const { refusal: r } = await refusal(fx.audioOnly);
		expect(r.code).toBe('audio_only');
		expect(r.message).toContain('no picture');
	});

	it('refuses a file cut off before its index', async () => {
		expect((await refusal(fx.truncated)).refusal.code).toBe('corrupt');
	});

	it('refuses a file whose index is whole but whose picture data stops halfway', async () => {
		const { refusal: r } = await refusal(fx.truncatedIndexed);
		expect(r.code).toBe('corrupt');
		expect(r.message).toContain('incomplete or damaged');
	});

	it('refuses an empty file', async () => {
		expect((await refusal(fx.empty)).refusal.code).toBe('empty');
	});

	it('refuses a video longer, larger or heavier than the limits, saying which', async () => {
		const tooLong = await refusal(fx.hd, { ...limits, maxDurationSeconds: 5 });
		expect(tooLong.refusal).toEqual({ code: 'too_long', message: 'This video is 8 seconds long; the limit is 5 seconds.' });
		const tooWide = await refusal(fx.fhd, { ...limits, maxWidth: 1280, maxHeight: 720 });
		expect(tooWide.refusal).toEqual({ code: 'too_large', message: 'This video is 1920×1080; the largest we take is 1280×720.' });
		expect((await refusal(fx.fhd, { ...limits, maxBytes: 1000 })).refusal.message).toContain('the limit is 0 MB');
	});

	it('describes a good video', async () => {
		const info = await probeVideo(fx.hd, { limits });
		expect(info).toMatchObject({ demuxer: 'mov', video: { codec: 'h264', width: 1280, height: 720, fps: 30 }, audio: { codec: 'aac' } });
		expect(info.durationSeconds).toBeCloseTo(8, 0);
	});
});

/** Every playlist is published after the media it addresses; the master last. */
function expectSafeOrder(items: PublishItem[]) {
	const keys = items.map((i) => i.key);
	expect(keys.at(-1)).toBe('master.m3u8');
	for (const [i, key] of keys.entries()) {
		if (key.endsWith('.m3u8') && key !== 'master.m3u8') expect(keys.indexOf(key.replace('.m3u8', '.mp4'))).toBeLessThan(i);
	}
}

describe('transcoding a 1080p upload', () => {
	let result: TranscodeResult;
	let playable: { keys: string[]; master: string; renditions: string[] } | undefined;
	const progress: number[] = [];
	let workDir = '';

	beforeAll(async () => {
		await withWorkDir(async (dir) => {
			workDir = dir;
			result = await transcodeVideo({
				input: fx.fhd,
				workDir: dir,
				onProgress: (f) => progress.push(f),
				onPlayable: async (files, partial) => {
					playable = { keys: files.map((f) => f.key), master: await readFile(partial.masterPlaylist, 'utf8'), renditions: partial.renditions.map((r) => r.name) };
				}
			});
			// Copy what the assertions read before the folder goes.
			await checkOutputs(result);
		});
	}, 120_000);

	const checked: { master?: string; variants?: number; segmentFrames?: number; thumbnail?: { width: number; height: number } } = {};
	async function checkOutputs(r: TranscodeResult) {
		checked.master = await readFile(r.masterPlaylist, 'utf8');
		// ffprobe's own HLS demuxer reads the master and every media playlist it names.
		const probed = await ffprobeJson(r.masterPlaylist, ['-protocol_whitelist', 'file']);
		checked.variants = probed.streams.filter((s) => s.codec_type === 'video').length;
		checked.segmentFrames = await decodeOneSegment(r.renditions[1]!.playlist, r.renditions[1]!.file);
		checked.thumbnail = await sharp(r.thumbnail).metadata().then((m) => ({ width: m.width ?? 0, height: m.height ?? 0 }));
	}

	it('yields 360p, 720p and 1080p renditions', () => {
		expect(result.renditions.map((r) => `${r.name} ${r.width}x${r.height} ${r.copied}`)).toEqual(['sd 640x360 false', 'hd 1280x720 false', 'fhd 1920x1080 false']);
		expect(result).toMatchObject({ width: 1920, height: 1080 });
		expect(result.durationSeconds).toBeCloseTo(3, 0);
	});

	it('writes a master playlist that parses, with BANDWIDTH, RESOLUTION and CODECS for each', () => {
		const entries = [...(checked.master ?? '').matchAll(/#EXT-X-STREAM-INF:BANDWIDTH=(\d+),.*RESOLUTION=(\d+x\d+),CODECS="(avc1\.[0-9a-f]{6},mp4a\.40\.2)".*\n(.+)/g)];
		expect(entries.map((m) => [m[2], m[4]])).toEqual([['640x360', 'sd.m3u8'], ['1280x720', 'hd.m3u8'], ['1920x1080', 'fhd.m3u8']]);
		expect(checked.variants).toBe(3);
	});

	it('serves one segment, cut out by its byte range with the init segment, that ffprobe decodes', () => {
		expect(checked.segmentFrames).toBeGreaterThan(10);
	});

	it('makes a thumbnail fitted in 640 wide', () => {
		expect(checked.thumbnail).toEqual({ width: 640, height: 360 });
	});

	it('encodes every rung in one pass, with no early publish, when nothing can be copied', () => {
		// A quick first rung would decode the source a second time (docs/PERFORMANCE.md).
		expect(playable).toBeUndefined();
	});

	it('reports progress that only grows and reaches 1', () => {
		expect(progress.at(-1)).toBe(1);
		expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true);
	});

	it('lists its files so that no playlist is stored before its media', () => {
		const items = publishOrder(result);
		expect(items.map((i) => i.key)).toEqual(['thumbnail.jpg', 'sd.mp4', 'sd.m3u8', 'hd.mp4', 'hd.m3u8', 'fhd.mp4', 'fhd.m3u8', 'master.m3u8']);
		expectSafeOrder(items);
	});

	it('leaves nothing behind once withWorkDir returns', () => {
		expect(existsSync(workDir)).toBe(false);
	});
});

/** Init segment + the second fragment, as a player fetches them, decoded by ffprobe: frame count. */
async function decodeOneSegment(playlistPath: string, mediaPath: string): Promise<number> {
	const playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
	const segment = playlist.segments[1] ?? playlist.segments[0]!;
	const handle = await open(mediaPath, 'r');
	const read = async (length: number, offset: number) => {
		const buffer = Buffer.alloc(length);
		await handle.read(buffer, 0, length, offset);
		return buffer;
	};
	const piece = Buffer.concat([await read(playlist.map.length, playlist.map.offset), await read(segment.length, segment.offset)]);
	await handle.close();
	const path = `${playlistPath}.segment.mp4`;
	await writeFile(path, piece);
	const probed = await ffprobeJson(path, ['-count_frames', '-select_streams', 'v:0']);
	return Number(probed.streams[0]?.nb_read_frames ?? 0);
}

describe('the fast first rendition', () => {
	it('remuxes an H.264 720p upload: the same stream, copied, much faster than encoding it', async () => {
		await withWorkDir(async (dir) => {
			const result = await transcodeVideo({ input: fx.hd, workDir: dir });
			expect(result.renditions.map((r) => `${r.name} ${r.width}x${r.height} ${r.copied}`)).toEqual(['sd 640x360 false', 'hd 1280x720 true']);
			const [source, copy] = await Promise.all([ffprobeJson(fx.hd), ffprobeJson(result.renditions[1]!.file)]);
			const pick = (s: Record<string, unknown> | undefined) => [s?.codec_name, s?.profile, s?.width, s?.height, s?.level];
			expect(pick(copy.streams.find((s) => s.codec_type === 'video'))).toEqual(pick(source.streams.find((s) => s.codec_type === 'video')));
		});
		// The same rendition remuxed and encoded, each ffmpeg run timed alone.
		const info = await probeVideo(fx.hd, { limits });
		const first = buildLadder(info).first!;
		const timed = (args: string[]) =>
			withWorkDir(async (dir) => {
				const started = performance.now();
				await runMedia({ binary: 'ffmpeg', args, cwd: dir, timeoutMs: 120_000 });
				return performance.now() - started;
			});
		const copyMs = await timed(remuxArgs({ input: fx.hd, demuxer: info.demuxer, rendition: first }));
		const encodeMs = await timed(encodeArgs({ input: fx.hd, demuxer: info.demuxer, info, renditions: [{ ...first, video: 'encode', audio: 'encode' }] }));
		expect(copyMs * 3).toBeLessThan(encodeMs);
	}, 120_000);

	it('gives a silent 480p upload 360p plus its own 480p (copied), without audio', async () => {
		await withWorkDir(async (dir) => {
			const result = await transcodeVideo({ input: fx.sd480, workDir: dir });
			expect(result.renditions.map((r) => `${r.name} ${r.width}x${r.height} ${r.copied}`)).toEqual(['sd 640x360 false', 'hd 854x480 true']);
			expect(result.renditions.every((r) => !r.codecs.includes('mp4a'))).toBe(true);
			const probed = await ffprobeJson(result.renditions[0]!.file);
			expect(probed.streams.map((s) => s.codec_type)).toEqual(['video']);
		});
	}, 60_000);

	it('takes the thumbnail from the first frame that is not black', async () => {
		await withWorkDir(async (dir) => {
			const result = await transcodeVideo({ input: fx.black, workDir: dir });
			const { channels } = await sharp(result.thumbnail).stats();
			expect(Math.max(...channels.map((c) => c.mean))).toBeGreaterThan(60);
		});
	}, 60_000);
});

describe('running ffmpeg safely', () => {
	it('kills ffmpeg when it runs past its time limit', async () => {
		const run = runMedia({ binary: 'ffmpeg', args: ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-f', 'null', '-'], timeoutMs: 500 });
		const error = await run.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaProcessError);
		expect((error as MediaProcessError).kind).toBe('timeout');
	}, 20_000);

	it('stops a transcode when its signal aborts', async () => {
		const controller = new AbortController();
		await withWorkDir(async (dir) => {
			const run = transcodeVideo({ input: fx.fhd, workDir: dir, signal: controller.signal, onProgress: () => controller.abort() });
			const error = await run.catch((e: unknown) => e);
			expect((error as MediaProcessError).kind).toBe('aborted');
		});
	}, 60_000);

	it('waits for an early publish still running before it reports a later failure', async () => {
		const controller = new AbortController();
		let stored = false;
		await withWorkDir(async (dir) => {
			// H.264 720p: remuxed first (published early), then 360p encoded.
			const error = await transcodeVideo({
				input: fx.hd,
				workDir: dir,
				signal: controller.signal,
				onPlayable: async () => {
					controller.abort();
					await Bun.sleep(300);
					stored = true;
				}
			}).catch((e: unknown) => e);
			expect((error as MediaProcessError).kind).toBe('aborted');
			expect(stored).toBe(true);
		});
	}, 60_000);

	it('fails a transcode whose ffmpeg run exceeds the time limit', async () => {
		await withWorkDir(async (dir) => {
			const error = await transcodeVideo({ input: fx.fhd, workDir: dir, timeLimitMs: 1 }).catch((e: unknown) => e);
			expect((error as MediaProcessError).kind).toBe('timeout');
		});
	}, 60_000);

	it('removes the work folder after a failure', async () => {
		let seen = '';
		const error = await withWorkDir(async (dir) => {
			seen = dir;
			await writeFile(join(dir, 'partial.mp4'), 'half a rendition');
			return await transcodeVideo({ input: fx.truncatedIndexed, workDir: dir });
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaRefusedError);
		expect(seen).not.toBe('');
		expect(existsSync(seen)).toBe(false);
	}, 60_000);

	it('sweeps work folders a killed worker left behind, and only old ones', async () => {
		const root = join(fx.dir, 'tmp');
		const [stale, fresh, other] = ['classcast-transcode-old', 'classcast-transcode-new', 'someone-else'].map((n) => join(root, n));
		for (const d of [stale, fresh, other]) await mkdir(d!, { recursive: true });
		const hourAgo = new Date(Date.now() - 3_600_000);
		await utimes(stale!, hourAgo, hourAgo);
		await utimes(other!, hourAgo, hourAgo);
		expect(await sweepStaleWorkDirs(600_000, root)).toEqual([stale!]);
		expect([existsSync(stale!), existsSync(fresh!), existsSync(other!)]).toEqual([false, true, true]);
	});

	it('uses FFMPEG_PATH instead of the system binary', async () => {
		const saved = process.env.FFMPEG_PATH;
		process.env.FFMPEG_PATH = '/nonexistent/ffmpeg';
		resetMediaBinaries();
		try {
			const error = await runMedia({ binary: 'ffmpeg', args: ['-version'], timeoutMs: 5000 }).catch((e: unknown) => e);
			expect((error as MediaProcessError).kind).toBe('missing-binary');
		} finally {
			if (saved === undefined) delete process.env.FFMPEG_PATH;
			else process.env.FFMPEG_PATH = saved;
			resetMediaBinaries();
		}
	});
});
