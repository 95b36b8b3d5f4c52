import type { Page } from '@playwright/test';
import { myId, readyPlayer, secondPerson, shareWith, uploadPlayable, video } from './coreview-support';
import { expect, test } from './fixtures';
import { signedIn } from './video-support';

// A live co-review as two people hold one: the student starts it on their video and invites the
// teacher, who gets the invitation live and joins; play, pause, seek and speed from either side
// reach the other; the host takes the controls; pointers cross; both talk; the host ends it.
test.describe.configure({ timeout: 240_000 });

/** Both players' positions, read at once and brought to the same instant (both pages share a clock). */
async function gap(a: Page, b: Page): Promise<number> {
	const read = (p: Page) => p.locator('video').evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, at: Date.now(), rate: v.paused ? 0 : v.playbackRate }));
	const [x, y] = await Promise.all([read(a), read(b)]);
	return Math.abs(x.t - y.t - ((x.at - y.at) / 1000) * (x.rate || y.rate));
}

/** Waits until the two players are within `limit` s of each other, then checks it holds over a few samples. */
async function expectInStep(a: Page, b: Page, limit = 0.3): Promise<void> {
	await expect.poll(() => gap(a, b), { timeout: 15_000, intervals: [250] }).toBeLessThan(limit);
	for (let i = 0; i < 4; i++) {
		expect(await gap(a, b)).toBeLessThan(limit);
		await a.waitForTimeout(300);
	}
}

const paused = (p: Page) => video(p).evaluate((v: HTMLVideoElement) => v.paused);
const time = (p: Page) => video(p).evaluate((v: HTMLVideoElement) => v.currentTime);

test('a student and a teacher hold a live review: invitation, shared playback, host mode, pointers, voice and the end', async ({ page, browser }) => {
	const teacher = await secondPerson(browser, 'CoTeach');
	const student = await signedIn(page, 'CoStud');
	const videoId = await uploadPlayable(page, 'Etude together');
	await shareWith(page, teacher.user);
	await teacher.page.goto('/home');
	const teacherId = await myId(teacher.page);

	await test.step('the student starts a session; the teacher is invited live and joins', async () => {
		const started = await page.request.post(`/api/videos/${videoId}/review-sessions`, { data: { inviteeIds: [teacherId] } });
		expect(started.status()).toBe(201);
		const { session } = (await started.json()) as { session: { url: string } };
		await page.goto(session.url);
		await readyPlayer(page);

		// Someone neither hosting nor invited does not learn that the session exists.
		const stranger = await secondPerson(browser, 'CoStranger');
		const refused = await stranger.page.goto(session.url);
		expect(refused?.status()).toBe(404);
		await expect(stranger.page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
		await stranger.context.close();

		const invitation = teacher.page.getByRole('complementary', { name: 'Live review invitations' });
		await expect(invitation.getByText(`${student.fullName} invited you to review “Etude together” live.`)).toBeVisible({ timeout: 10_000 });
		await invitation.getByRole('button', { name: 'Join' }).focus();
		await teacher.page.keyboard.press('Enter');
		await expect(teacher.page).toHaveURL(new RegExp(`${session.url}$`));
		await readyPlayer(teacher.page);

		// Each sees the other here.
		const participants = (p: Page) => p.getByRole('list', { name: 'Participants' });
		await expect(participants(page).getByRole('listitem').filter({ hasText: teacher.user.fullName })).toContainText('here');
		await expect(participants(teacher.page).getByRole('listitem').filter({ hasText: student.fullName })).toContainText('Host · here');
	});

	await test.step('the host plays: both play, in step', async () => {
		await page.getByRole('button', { name: 'Play' }).click();
		await expect.poll(() => paused(teacher.page)).toBe(false);
		await expectInStep(page, teacher.page);
	});

	await test.step('the invitee pauses: both pause at the same moment', async () => {
		await teacher.page.getByRole('button', { name: 'Pause' }).click();
		await expect.poll(() => paused(page)).toBe(true);
		await expect.poll(() => gap(page, teacher.page)).toBeLessThan(0.3);
		expect(Math.abs((await time(page)) - (await time(teacher.page)))).toBeLessThan(0.3);
	});

	await test.step('a seek and a speed change reach the other side', async () => {
		await page.getByRole('slider', { name: 'Seek' }).focus();
		await page.keyboard.press('ArrowRight'); // +5 s
		await expect.poll(() => time(teacher.page)).toBeGreaterThan(4.5);
		await expect.poll(() => gap(page, teacher.page)).toBeLessThan(0.1);

		await teacher.page.getByLabel('Speed').selectOption('0.5');
		await expect(page.getByLabel('Speed')).toHaveValue('0.5');
		await page.getByRole('button', { name: 'Play' }).click();
		await expect.poll(() => paused(teacher.page)).toBe(false);
		await expectInStep(page, teacher.page);
		// Both advance at half speed, nudges aside.
		const before = await time(teacher.page);
		await teacher.page.waitForTimeout(2000);
		const advanced = (await time(teacher.page)) - before;
		expect(advanced).toBeGreaterThan(0.7);
		expect(advanced).toBeLessThan(1.3);
	});

	await test.step('the host takes the controls: the invitee cannot change playback, then everyone can again', async () => {
		await page.getByRole('button', { name: 'Take the controls' }).click();
		await expect(teacher.page.getByTestId('control-mode')).toHaveText(`${student.fullName} has the controls.`);
		await expect(teacher.page.getByRole('button', { name: 'Pause' })).toBeDisabled();
		await expect(teacher.page.getByLabel('Speed')).toBeDisabled();
		// The K shortcut is refused too, and playback goes on for both.
		await teacher.page.locator('body').press('k');
		await expect(teacher.page.getByText(`${student.fullName} has the controls now.`)).toBeVisible();
		expect(await paused(page)).toBe(false);
		await page.getByRole('button', { name: 'Everyone controls' }).click();
		await expect(teacher.page.getByRole('button', { name: 'Pause' })).toBeEnabled();
	});

	await test.step('a pointer over one video appears on the other, named and coloured, and goes when it leaves', async () => {
		const box = await video(page).boundingBox();
		if (!box) throw new Error('no video box');
		await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5);
		await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4, { steps: 5 });
		const pointer = teacher.page.locator('.pointer').filter({ hasText: student.fullName.split(' ')[0] ?? '' });
		await expect(pointer).toBeVisible();
		const left = await pointer.evaluate((el) => parseFloat((el as HTMLElement).style.left));
		expect(left).toBeGreaterThan(25);
		expect(left).toBeLessThan(35);
		await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
		await expect(pointer).toHaveCount(0);
	});

	await test.step('a line drawn on the paused frame appears on the other screen as it is drawn, and goes when cleared', async () => {
		await page.getByRole('button', { name: 'Pause' }).click();
		await expect.poll(() => paused(teacher.page)).toBe(true);
		await page.getByRole('button', { name: 'Draw on the frame…' }).click();
		const overlay = page.locator('svg.overlay');
		const box = await overlay.boundingBox();
		if (!box) throw new Error('no drawing overlay');
		const theirs = teacher.page.locator('svg.overlay path');
		await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
		await page.mouse.down();
		for (let i = 1; i <= 6; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height * (0.3 + i * 0.02));
		// Seen while the button is still down: the stroke travels as it grows.
		await expect(theirs).toHaveCount(1);
		await page.mouse.up();
		await page.getByRole('button', { name: 'Clear' }).click();
		await expect(theirs).toHaveCount(0);
		await page.getByRole('button', { name: 'Cancel' }).click();
	});

	await test.step('both join voice: each is connected to the other and receives their audio', async () => {
		const studentId = await myId(page);
		await page.getByRole('button', { name: 'Join voice' }).click();
		await teacher.page.getByRole('button', { name: 'Join voice' }).click();
		const toTeacher = page.getByTestId(`voice-peer-${teacherId}`);
		const toStudent = teacher.page.getByTestId(`voice-peer-${studentId}`);
		await expect(toTeacher).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
		await expect(toStudent).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
		await expect(toTeacher).toContainText('audio arriving');
		await expect(toStudent).toContainText('audio arriving');
		await page.getByRole('button', { name: 'Mute' }).click();
		await expect(page.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
	});

	await test.step('the host ends the session: both see it ended, with the way back to the video', async () => {
		await page.getByRole('button', { name: 'End session' }).click();
		for (const p of [page, teacher.page]) {
			await expect(p.getByText('This session has ended')).toBeVisible({ timeout: 10_000 });
			await expect(p.getByRole('main').getByRole('link', { name: 'Back to the video' })).toHaveAttribute('href', `/videos/${videoId}`);
		}
		await expect.poll(() => paused(teacher.page)).toBe(true);
	});

	await teacher.context.close();
});
