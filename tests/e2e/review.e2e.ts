import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { secondPerson, shareWith } from './coreview-support';
import { makeClip, signedIn } from './video-support';

// The review page as two people use it: a student's video shared with a teacher, comments
// pinned to moments appearing live on the other screen, seeking from a comment, a passage loop,
// commenting by keyboard alone, the speed menu and the shortcut help.
test.describe.configure({ timeout: 180_000 });

const currentTime = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);

/** Uploads an 8-second clip (small enough not to be compressed) and waits until it plays. */
async function uploadPlayable(page: Page, title: string): Promise<string> {
	await page.goto('/videos/upload');
	await page.getByLabel('Video file').setInputFiles(makeClip({ width: 640, height: 360, seconds: 8, bitrate: '1M' }));
	await page.getByLabel('Title').fill(title);
	await page.getByRole('button', { name: 'Save video' }).click();
	await expect(page).toHaveURL(/\/videos\/\d+$/, { timeout: 60_000 });
	await expectPlayable(page);
	return page.url();
}

async function expectPlayable(page: Page): Promise<void> {
	const video = page.locator('video');
	await expect(video).toBeVisible({ timeout: 60_000 });
	await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
	await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
	await expect(page.getByText('Live', { exact: true })).toBeVisible();
}

/** Moves the player to `seconds` and waits for the seek to land. */
async function seekTo(page: Page, seconds: number): Promise<void> {
	await page.locator('video').evaluate(
		(v: HTMLVideoElement, to: number) =>
			new Promise<void>((resolve) => {
				v.addEventListener('seeked', () => resolve(), { once: true });
				v.currentTime = to;
			}),
		seconds
	);
}



test('two people review one video together: live comments, seeking, a passage loop, keyboard commenting and moving a comment', async ({ page, browser }) => {
	const teacher = await secondPerson(browser, 'RevTeach');
	const student = await signedIn(page, 'RevStud');
	const url = await uploadPlayable(page, 'Etude for review');
	await shareWith(page, teacher.user);
	await teacher.page.goto(url);
	await expectPlayable(teacher.page);
	const comments = (p: Page) => p.getByRole('list', { name: 'Comments', exact: true });
	const markers = (p: Page) => p.getByRole('list', { name: 'Comments on the timeline' });

	await test.step('the student comments at 0:03; the teacher sees the marker and the comment at once', async () => {
		await seekTo(page, 3);
		await page.getByRole('button', { name: 'Comment at 0:03' }).click();
		await page.getByLabel('Comment', { exact: true }).fill('Wrist <b>tension</b> here');
		await page.getByLabel('Category', { exact: true }).selectOption('technique');
		await page.getByRole('button', { name: 'Post comment' }).click();
		await expect(comments(page).getByText('Wrist <b>tension</b> here')).toBeVisible();

		// Live, without a reload; the text shown as typed (escaped), never as markup.
		await expect(comments(teacher.page).getByText('Wrist <b>tension</b> here')).toBeVisible({ timeout: 10_000 });
		await expect(markers(teacher.page).getByRole('button', { name: /^0:03, Technique, .*Wrist <b>tension<\/b> here$/ })).toBeVisible();
		await expect(comments(teacher.page).locator('b')).toHaveCount(0);
		expect(student.fullName).toBeTruthy();
	});

	await test.step('the teacher clicks the comment and the player goes to 3 s', async () => {
		await seekTo(teacher.page, 0.5);
		await comments(teacher.page).getByRole('button', { name: /^Play from 0:03/ }).click();
		await expect.poll(() => currentTime(teacher.page)).toBeGreaterThan(2.75);
		expect(await currentTime(teacher.page)).toBeLessThan(3.25);
	});

	await test.step('a passage comment (0:02–0:04) sets the loop in one click; playback stays inside it at 2x', async () => {
		await seekTo(teacher.page, 2);
		await teacher.page.getByRole('button', { name: 'Comment at 0:02' }).click();
		await teacher.page.getByLabel('Comment', { exact: true }).fill('Loop this run slowly');
		await teacher.page.getByLabel('End (optional, for a passage)').fill('0:04');
		await teacher.page.getByRole('button', { name: 'Post comment' }).click();
		await expect(comments(page).getByText('Loop this run slowly')).toBeVisible({ timeout: 10_000 });

		await teacher.page.getByLabel('Speed', { exact: true }).selectOption('2');
		await comments(teacher.page).getByRole('button', { name: 'Loop 0:02–0:04' }).click();
		await expect(teacher.page.getByText('Loop 0:02–0:04', { exact: true })).toBeVisible();
		const samples: number[] = [];
		for (let i = 0; i < 40; i++) {
			samples.push(await currentTime(teacher.page));
			await teacher.page.waitForTimeout(100);
		}
		expect(await teacher.page.locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
		expect(Math.min(...samples)).toBeGreaterThanOrEqual(1.95);
		expect(Math.max(...samples)).toBeLessThanOrEqual(4.2);
		// Four seconds at 2x cover the 2-second loop several times: it went round, it did not stall.
		const wraps = samples.filter((t, i) => i > 0 && t < (samples[i - 1] ?? 0) - 0.5).length;
		expect(wraps).toBeGreaterThanOrEqual(2);
		await teacher.page.getByRole('button', { name: 'Clear loop' }).click();
		await teacher.page.getByRole('button', { name: 'Pause' }).click();
	});

	await test.step('the student comments by keyboard alone: C, type, Ctrl+Enter', async () => {
		await seekTo(page, 5);
		await page.getByRole('heading', { level: 1 }).click();
		await page.keyboard.press('c');
		await expect(page.getByLabel('Comment', { exact: true })).toBeFocused();
		await page.keyboard.type('Breathe before the phrase');
		await page.keyboard.press('Control+Enter');
		await expect(comments(page).getByRole('button', { name: /^Play from 0:05/ })).toBeVisible();
		await expect(page.getByLabel('Comment', { exact: true })).toHaveCount(0);
		await expect(comments(teacher.page).getByText('Breathe before the phrase')).toBeVisible({ timeout: 10_000 });
	});

	await test.step('the student moves a comment to another moment; the teacher sees it move', async () => {
		await comments(page).getByRole('button', { name: 'Edit comment at 0:03' }).click();
		const edit = comments(page).locator('form');
		await edit.getByLabel('Start').fill('0:01');
		await edit.getByLabel('End (optional)').fill('0:00.5');
		await edit.getByRole('button', { name: 'Save' }).click();
		await expect(edit.getByRole('alert')).toHaveText('The end must come after the start.');
		await expect(edit.getByLabel('End (optional)')).toHaveAttribute('aria-invalid', 'true');
		await edit.getByLabel('End (optional)').fill('0:02');
		await edit.getByRole('button', { name: 'Save' }).click();
		await expect(edit).toHaveCount(0);
		await expect(comments(teacher.page).getByRole('button', { name: 'Loop 0:01–0:02' })).toBeVisible({ timeout: 10_000 });
		await expect(comments(teacher.page).getByRole('button', { name: /^Play from 0:03/ })).toHaveCount(0);
	});

	await teacher.context.close();
});

test('the speed menu keeps the pitch, the shortcut help opens with ? and closes with Escape, and the page passes automated accessibility checks', async ({ page }) => {
	await signedIn(page, 'RevSolo');
	await uploadPlayable(page, 'Scales for speed');

	await page.getByLabel('Speed', { exact: true }).selectOption('0.5');
	const rate = await page.locator('video').evaluate((v: HTMLVideoElement) => ({ rate: v.playbackRate, pitch: v.preservesPitch }));
	expect(rate).toEqual({ rate: 0.5, pitch: true });

	const help = page.getByRole('button', { name: /^Shortcuts/ });
	await help.focus();
	await page.keyboard.press('Shift+Slash');
	const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByText('Back 10 seconds')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(help).toBeFocused();

	await test.step('with a comment and a passage on it, light and dark, axe finds no WCAG A/AA violation', async () => {
		await seekTo(page, 1);
		await page.getByRole('button', { name: 'Comment at 0:01' }).click();
		await page.getByLabel('Comment', { exact: true }).fill('Even bow speed');
		await page.getByLabel('End (optional, for a passage)').fill('0:03');
		await page.getByRole('button', { name: 'Post comment' }).click();
		await expect(page.getByRole('list', { name: 'Comments', exact: true }).getByText('Even bow speed')).toBeVisible();
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(results.violations.map((v) => `${scheme}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		}
	});

	await test.step('frame steps move by one frame while paused', async () => {
		await seekTo(page, 2);
		await page.getByRole('button', { name: 'Next frame' }).click();
		await expect.poll(() => currentTime(page)).toBeGreaterThan(2.02);
		expect(await currentTime(page)).toBeLessThan(2.05);
		expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
	});
});
