import { expect, test } from './fixtures';
import { makeClip, signedIn } from './video-support';

// Compression in the browser, on the upload page, before the upload step: a 1080p clip comes
// out as H.264 at 1280×720 with its duration intact, through each engine.
test.describe.configure({ timeout: 180_000 });

for (const engine of ['webcodecs', 'ffmpeg'] as const) {
	test(`compresses a 1080p clip to 720p with ${engine === 'ffmpeg' ? 'ffmpeg.wasm (forced)' : 'WebCodecs'}`, async ({ page }) => {
		const clip = makeClip({ width: 1920, height: 1080, seconds: 4 });
		await signedIn(page, `Comp${engine}`);
		await page.goto(engine === 'ffmpeg' ? '/videos/upload?engine=ffmpeg' : '/videos/upload');
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

		await page.getByLabel('Video file').setInputFiles(clip);
		const original = page.getByRole('group', { name: 'Your video' });
		await expect(original.getByText('1920×1080')).toBeVisible();

		const bar = page.getByRole('progressbar', { name: engine === 'ffmpeg' ? 'Compressing (ffmpeg.wasm)' : 'Compressing (WebCodecs)' });
		await expect(bar).toBeVisible();
		await expect(page.getByRole('button', { name: 'Skip compression' })).toBeVisible();

		const compressed = page.getByRole('group', { name: 'Compressed video' });
		await expect(compressed).toBeVisible({ timeout: 150_000 });
		await expect(compressed.getByText('1280×720')).toBeVisible();
		await expect(compressed.getByText('0:04')).toBeVisible();
		await expect(compressed.getByText(/% of the original/)).toBeVisible();
	});
}

test('Skip uploads the original as it is', async ({ page }) => {
	const clip = makeClip({ width: 1920, height: 1080, seconds: 4 });
	await signedIn(page, 'Skipper');
	await page.goto('/videos/upload?engine=ffmpeg');
	await page.getByLabel('Video file').setInputFiles(clip);
	await page.getByRole('button', { name: 'Skip compression' }).click();
	await expect(page.getByText('Compression skipped: the original is uploaded as it is.')).toBeVisible();
	await expect(page.getByRole('group', { name: 'Compressed video' })).toHaveCount(0);
});

// Compression is not byte-for-byte repeatable, so a resumed upload needs the very bytes it began
// with: the compressed copy is kept (origin-private file system) until its upload finishes.
test('after a reload the same original reuses its compressed copy instead of compressing again', async ({ page }) => {
	const clip = makeClip({ width: 1920, height: 1080, seconds: 4 });
	await signedIn(page, 'Reloader');
	await page.goto('/videos/upload');
	// The upload must still be unfinished at the reload (a finished one drops its copy).
	await page.route('**/api/uploads/**', (route) =>
		route.request().method() === 'PATCH' ? route.abort('connectionreset') : route.continue()
	);
	await page.getByLabel('Video file').setInputFiles(clip);
	const compressed = page.getByRole('group', { name: 'Compressed video' });
	await expect(compressed).toBeVisible({ timeout: 60_000 });
	const size = await compressed.getByText(/% of the original/).textContent();
	// The copy is written before the upload starts: reloading earlier would race that write.
	await expect(page.getByRole('progressbar', { name: 'Uploading' })).toBeVisible();

	await page.unroute('**/api/uploads/**');
	await page.reload();
	await page.getByLabel('Video file').setInputFiles(clip);
	// A fresh compression would carry a new random tag in its name, so tus resuming the earlier
	// upload shows that the very same compressed bytes were reused (the notice replaces the
	// "Using the compressed copy" one as soon as the upload resumes).
	await expect(page.getByText('Continuing an earlier upload of this file.')).toBeVisible();
	await expect(page.getByRole('progressbar', { name: /Compressing/ })).toHaveCount(0);
	await expect(compressed.getByText(/% of the original/)).toHaveText(size ?? '');
});
