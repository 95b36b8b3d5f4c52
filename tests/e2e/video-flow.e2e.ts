import { expect, test } from './fixtures';
import { makeClip, signedIn } from './video-support';

// The whole way: compress in the browser, upload, play (currentTime passes 1 s), share with a
// teacher, who finds it under "Shared with me" and plays it too.
test.describe.configure({ timeout: 240_000 });

async function playsPastOneSecond(page: import('@playwright/test').Page) {
	const video = page.locator('video');
	await expect(video).toBeVisible({ timeout: 60_000 });
	// hls.js attaches after the element appears, and attaching is a new load that aborts a play()
	// called before it: play once the player has data, as a person pressing play would.
	await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
	await video.evaluate((v: HTMLVideoElement) => {
		v.muted = true;
		return v.play();
	});
	await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 60_000 }).toBeGreaterThan(1);
}

for (const engine of ['webcodecs', 'ffmpeg'] as const) {
	test(`upload compressed with ${engine}, play, share, and the other user plays it`, async ({ page, browser }) => {
		const teacherContext = await browser.newContext();
		const teacherPage = await teacherContext.newPage();
		const teacher = await signedIn(teacherPage, `Teach${engine}`);

		await signedIn(page, `Stud${engine}`);
		await page.goto(`/videos/upload${engine === 'ffmpeg' ? '?engine=ffmpeg' : ''}`);
		await page.getByLabel('Video file').setInputFiles(makeClip({ width: 1920, height: 1080, seconds: 6 }));
		await expect(page.getByRole('group', { name: 'Compressed video' }).getByText('1280×720')).toBeVisible({ timeout: 120_000 });
		await page.getByLabel('Title').fill(`Scales (${engine})`);
		await page.getByRole('button', { name: 'Save video' }).click();
		await expect(page).toHaveURL(/\/videos\/\d+$/, { timeout: 120_000 });
		await expect(page.getByRole('heading', { name: `Scales (${engine})` })).toBeVisible();
		await playsPastOneSecond(page);

		await page.getByRole('button', { name: 'Share…' }).click();
		const dialog = page.getByRole('dialog', { name: 'Share this video' });
		await dialog.getByLabel('Name or username').fill(teacher.username);
		await dialog.getByRole('button', { name: `Share with ${teacher.fullName}` }).click();
		await expect(dialog.getByRole('list', { name: 'Shared with' }).getByText(teacher.fullName)).toBeVisible();

		await teacherPage.goto('/videos/shared');
		await teacherPage.getByRole('link', { name: `Scales (${engine})` }).click();
		await playsPastOneSecond(teacherPage);
		await teacherContext.close();
	});
}

test('an upload cut off and resumed after a reload finishes', async ({ page }) => {
	await signedIn(page, 'Resumer');
	// 480p at 2 Mb/s: not compressed, so the same file (same fingerprint) is picked again after the reload.
	const clip = makeClip({ width: 854, height: 480, seconds: 30, bitrate: '2M' });
	await page.goto('/videos/upload');
	// Every PATCH fails until the reloaded page is up: tus-js-client retries on its own, and a retry
	// let through before the reload would finish the upload (one chunk) and forget its fingerprint.
	let blocking = true;
	let cut = false;
	let creates = 0;
	await page.route('**/api/uploads**', async (route) => {
		const method = route.request().method();
		if (method === 'POST') creates += 1;
		if (method === 'PATCH' && blocking) {
			cut = true;
			return route.abort('connectionreset');
		}
		return route.continue();
	});
	await page.getByLabel('Video file').setInputFiles(clip);
	await expect.poll(() => cut).toBe(true);
	await page.reload();
	blocking = false;
	await page.getByLabel('Video file').setInputFiles(clip);
	await expect(page.getByText('Continuing an earlier upload of this file.')).toBeVisible();
	await expect(page.getByRole('progressbar', { name: 'Uploading' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
	// One upload was created and continued, not a second one started from zero.
	expect(creates).toBe(1);
});
