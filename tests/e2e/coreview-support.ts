// What the live co-review browser tests share: a playable upload, sharing it, a second signed-in
// person in a browser context of their own, and waiting until a session page is live.
import { expect, type Browser, type Page } from '@playwright/test';
import type { TestUser } from './support';
import { makeClip, signedIn } from './video-support';

export const video = (p: Page) => p.locator('video');

/** Uploads a 20 s clip and waits until its page can play it; the video's id. */
export async function uploadPlayable(page: Page, title: string): Promise<number> {
	await page.goto('/videos/upload');
	await page.getByLabel('Video file').setInputFiles(makeClip({ width: 640, height: 360, seconds: 20, bitrate: '1M' }));
	await page.getByLabel('Title').fill(title);
	await page.getByRole('button', { name: 'Save video' }).click();
	await expect(page).toHaveURL(/\/videos\/\d+$/, { timeout: 60_000 });
	await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
	return Number(new URL(page.url()).pathname.split('/').at(-1));
}

export async function shareWith(page: Page, person: TestUser): Promise<void> {
	await page.getByRole('button', { name: 'Share…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share this video' });
	await dialog.getByLabel('Name or username').fill(person.username);
	await dialog.getByRole('button', { name: `Share with ${person.fullName}` }).click();
	await expect(dialog.getByRole('list', { name: 'Shared with' }).getByText(person.fullName)).toBeVisible();
	await dialog.getByRole('button', { name: 'Close' }).click();
}

export async function secondPerson(browser: Browser, label: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const user = await signedIn(page, label);
	return { context, page, user };
}

/** Mutes the player (two pages playing sound help nobody) and waits until it can play. */
export async function readyPlayer(page: Page): Promise<void> {
	await expect(video(page)).toBeVisible({ timeout: 30_000 });
	await video(page).evaluate((v: HTMLVideoElement) => (v.muted = true));
	await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
	await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });
}

/** The signed-in user's id. */
export async function myId(page: Page): Promise<number> {
	return ((await (await page.request.get('/api/auth/me')).json()) as { user: { id: number } }).user.id;
}
