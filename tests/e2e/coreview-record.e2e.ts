import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { expect, test } from './fixtures';
import { shareWith } from './coreview-support';
import { makeClip, signedIn } from './video-support';

// The video page's side of a live co-review: the owner starts one inviting the teacher, the
// teacher's open video page shows "Join" without a reload, the session ends and leaves its record
// on both pages; and a drawing saved with a comment appears when playback reaches it.
test.describe.configure({ timeout: 240_000 });


/**
 * Joins the session's room as the context's user from outside the browser (the session page is
 * built beside this one): what the session page's socket does first, and what makes them a
 * participant in the record.
 */
async function joinRoom(context: BrowserContext, baseURL: string, sessionId: number): Promise<Socket> {
	const token = (await context.cookies()).find((c) => c.name === 'classcast_session')?.value;
	if (!token) throw new Error('not signed in');
	const socket = io(baseURL, { path: '/socket.io/', transports: ['websocket'], auth: { token }, reconnection: false });
	const ack = await new Promise<{ ok: boolean }>((resolve, reject) => {
		socket.on('connect_error', reject);
		socket.on('connect', () => socket.emit('review:join', { sessionId }, resolve));
	});
	expect(ack.ok).toBe(true);
	return socket;
}

async function expectAccessible(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations.map((v) => `${what}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a live review from the video page: invite, join banner, end, record; a drawing shown at its moment', async ({ page, browser, baseURL }) => {
	const owner = await signedIn(page, 'owner');
	await page.goto('/videos/upload');
	await page.getByLabel('Video file').setInputFiles(makeClip({ width: 640, height: 360, seconds: 8, bitrate: '1M' }));
	await page.getByLabel('Title').fill('Scales in G');
	await page.getByRole('button', { name: 'Save video' }).click();
	await expect(page).toHaveURL(/\/videos\/\d+$/, { timeout: 60_000 });
	const videoUrl = page.url();
	const video = page.locator('video');
	await expect(video).toBeVisible({ timeout: 60_000 });
	await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

	const teacherContext = await browser.newContext();
	const teacherPage = await teacherContext.newPage();
	const teacher = await signedIn(teacherPage, 'teacher');
	await shareWith(page, teacher);
	await teacherPage.goto(videoUrl);
	await expect(teacherPage.getByText('Live', { exact: true })).toBeVisible();
	await expect(teacherPage.getByRole('region', { name: 'Live review', exact: true })).toHaveCount(0);

	// The owner starts a session inviting the teacher and lands on its page.
	await page.getByRole('button', { name: 'Review live…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Review this video live' });
	await dialog.getByRole('checkbox', { name: new RegExp(teacher.fullName) }).check();
	await dialog.getByRole('button', { name: 'Start live review' }).click();
	await expect(page).toHaveURL(/\/review\/\d+$/);
	const sessionId = Number(new URL(page.url()).pathname.split('/').pop());

	// The teacher's video page, open all along, shows the banner without a reload.
	// Exact: the name of the records region, "Live reviews", which appears once the session ends, contains it.
	const banner = teacherPage.getByRole('region', { name: 'Live review', exact: true });
	await expect(banner).toContainText(`${owner.fullName} is reviewing this video live`);
	await expect(banner.getByRole('link', { name: 'Join' })).toHaveAttribute('href', `/review/${sessionId}`);
	await expectAccessible(teacherPage, 'the Join banner');

	// Both take part, then the owner ends it; the banner goes and the record appears, live.
	const sockets = [await joinRoom(page.context(), baseURL!, sessionId), await joinRoom(teacherContext, baseURL!, sessionId)];
	const ended = await page.request.post(`/api/review-sessions/${sessionId}/end`);
	expect(ended.status()).toBe(200);
	await expect(banner).toHaveCount(0);
	await expect(teacherPage.getByRole('region', { name: 'Live reviews' })).toContainText(new RegExp(`Reviewed live with ${owner.fullName} on \\d+ \\w+, under a minute, no comments`));
	for (const socket of sockets) socket.disconnect();

	// The owner draws on the paused frame at 0:02 and saves the drawing with a comment.
	await page.goto(videoUrl);
	await expect(page.getByRole('region', { name: 'Live reviews' })).toContainText(`Reviewed live with ${teacher.fullName}`);
	await page.locator('video').evaluate((v: HTMLVideoElement) => {
		v.muted = true;
		return new Promise<void>((resolve) => {
			v.addEventListener('seeked', () => resolve(), { once: true });
			v.currentTime = 2;
		});
	});
	await page.getByRole('button', { name: 'Draw on the frame…' }).click();
	const overlay = page.locator('svg.overlay');
	const box = (await overlay.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
	await page.mouse.down();
	for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height * (0.3 + i * 0.02));
	await page.mouse.up();
	await expect(page.getByText('1 line; it is saved with your comment.')).toBeVisible();
	await page.getByRole('radio', { name: 'Blue' }).check();
	// Choosing the colour scrolled the page (under the sticky header): bring the frame back.
	await overlay.evaluate((svg) => svg.scrollIntoView({ block: 'center' }));
	const again = (await overlay.boundingBox())!;
	await page.mouse.click(again.x + again.width * 0.7, again.y + again.height * 0.6);
	await expect(page.getByText('2 lines; it is saved with your comment.')).toBeVisible();
	await expect(overlay.locator('path[stroke="#0a84ff"]')).toHaveCount(1);
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByText('1 line; it is saved with your comment.')).toBeVisible();
	await expectAccessible(page, 'draw mode');
	await page.getByRole('button', { name: 'Done drawing' }).click();
	await page.getByLabel('Comment', { exact: true }).fill('Keep the wrist level here');
	await page.getByRole('button', { name: 'Post comment' }).click();
	const item = page.getByRole('listitem').filter({ hasText: 'Keep the wrist level here' });
	await expect(item.getByText('With a drawing')).toBeAttached();

	// Away from the moment there is no drawing; playing from 0:00 reaches it.
	await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 0));
	await expect(overlay).toHaveCount(0);
	await page.getByRole('button', { name: 'Play', exact: true }).click();
	await expect(overlay.locator('path')).toHaveCount(1, { timeout: 10_000 });

	// The teacher sees it too, on reaching the comment from the list.
	await teacherPage.reload();
	await teacherPage.getByRole('button', { name: /^Play from 0:02/ }).click();
	await expect(teacherPage.locator('svg.overlay path')).toHaveCount(1);
	await expect(teacherPage.locator('video')).toHaveAccessibleDescription(/Keep the wrist level here/);
	await teacherContext.close();
});
