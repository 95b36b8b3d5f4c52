// Video fixtures for the browser tests, made with ffmpeg at test time (testsrc2 + sine).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { logIn, signUpVerified, uniqueUser, type TestUser } from './support';

const DIR = join(process.cwd(), '.test-results', 'video-fixtures');

/** An H.264/AAC MP4 of the given size and length; made once per run and reused. */
/** A test clip; `bitrate` (ffmpeg's `-b:v`, default 8M) decides whether the page compresses it. */
export function makeClip(options: { width: number; height: number; seconds: number; bitrate?: string }): string {
	mkdirSync(DIR, { recursive: true });
	const bitrate = options.bitrate ?? '8M';
	const file = join(DIR, `clip-${options.width}x${options.height}-${options.seconds}s-${bitrate}.mp4`);
	if (existsSync(file) && statSync(file).size > 0) return file;
	const { width, height, seconds } = options;
	const result = spawnSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-y',
		'-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30:duration=${seconds}`,
		'-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
		'-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', bitrate,
		'-c:a', 'aac', '-b:a', '128k', '-shortest', '-movflags', '+faststart', file
	], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
	return file;
}

/** A new verified user, signed in. */
export async function signedIn(page: Page, label: string): Promise<TestUser> {
	const user = uniqueUser(label);
	await signUpVerified(page, user);
	await logIn(page, user.username, user.password);
	await page.waitForURL(/\/home$/);
	return user;
}
