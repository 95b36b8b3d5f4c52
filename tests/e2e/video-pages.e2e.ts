import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makeClip, signedIn } from './video-support';

// Automated WCAG 2.1 A/AA checks of the video pages, light and dark, including the upload page
// mid-flow (facts, progress bars, compressed result).
async function expectNoViolations(page: Page, name: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const found = results.violations.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

test.describe.configure({ timeout: 120_000 });

for (const scheme of ['light', 'dark'] as const) {
	test(`video pages pass automated accessibility checks (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		await signedIn(page, `VAxe${scheme}`);
		for (const path of ['/videos', '/videos/shared', '/videos/upload']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoViolations(page, path);
		}
		await page.getByLabel('Video file').setInputFiles(makeClip({ width: 1920, height: 1080, seconds: 4 }));
		await expect(page.getByRole('progressbar', { name: /Compressing/ })).toBeVisible();
		await expectNoViolations(page, '/videos/upload while compressing');
		await expect(page.getByRole('group', { name: 'Compressed video' })).toBeVisible({ timeout: 60_000 });
		await expectNoViolations(page, '/videos/upload after compressing');
	});
}

test('the upload page is cross-origin isolated and the lists link to it with a full page load', async ({ page }) => {
	await signedIn(page, 'Isolated');
	await page.goto('/videos');
	await page.getByRole('link', { name: 'Upload a video' }).click();
	await expect(page).toHaveURL(/\/videos\/upload$/);
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('the upload page says so when no file is chosen', async ({ page }) => {
	await signedIn(page, 'NoFile');
	await page.goto('/videos/upload');
	await page.getByRole('button', { name: 'Save video' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Choose a video file to upload.' })).toBeVisible();
});

test('a file chosen before the page’s script has run is taken up once it runs', async ({ page }) => {
	await signedIn(page, 'EarlyPick');
	// Hold the app's JavaScript so the server-rendered input is there with no handler yet.
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/videos/upload', { waitUntil: 'commit' });
	await page.getByLabel('Video file').setInputFiles(makeClip({ width: 854, height: 480, seconds: 30, bitrate: '2M' }));
	release();
	await expect(page.getByRole('group', { name: 'Your video' }).getByText('854×480')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByLabel('Title')).toHaveValue(/^clip/);
	await expect(page.getByRole('progressbar', { name: 'Uploading' })).toBeVisible();
});
