import type { Locator, Page } from '@playwright/test';
import { expectNoViolations } from './axe-support';
import { contrast } from './contrast';
import { myId, readyPlayer, secondPerson, shareWith, uploadPlayable, video } from './coreview-support';
import { expect, test } from './fixtures';
import { signedIn } from './video-support';

// The live co-review page with two people in it (presence, pointers, voice, host mode, draw mode)
// passes the automated WCAG 2.1 A/AA checks in light and dark, its participant colours reach
// their contrast in both, and the host's controls work from the keyboard alone.
test.describe.configure({ timeout: 300_000 });

const PARTICIPANT_COLOURS = 6;

/**
 * The participant palette of the page's scheme: each ring ≥ 3:1 on the surface, each name label
 * ≥ 4.5:1; and, where someone's pointer shows, its label as drawn.
 */
async function expectParticipantContrast(page: Page, scheme: string, pointerShown: boolean): Promise<void> {
	const tokens = await page.evaluate((count) => {
		const style = getComputedStyle(document.documentElement);
		const read = (name: string) => style.getPropertyValue(name).trim();
		return { surface: read('--color-surface'), fg: read('--participant-fg'), colours: Array.from({ length: count }, (_, i) => read(`--participant-${i + 1}`)) };
	}, PARTICIPANT_COLOURS);
	const weak = tokens.colours.flatMap((colour, i) => {
		const ring = contrast(colour, tokens.surface);
		const label = contrast(tokens.fg, colour);
		return ring < 3 || label < 4.5 ? [`${scheme} --participant-${i + 1} ${colour}: ${ring.toFixed(2)}:1 on the surface, label ${label.toFixed(2)}:1`] : [];
	});
	expect(weak).toEqual([]);
	if (!pointerShown) return;
	// The label on screen (aria-hidden, so axe skips it) uses those tokens.
	const label = page.locator('.pointer .name').first();
	const shown = await label.evaluate((el) => ({ fg: getComputedStyle(el).color, bg: getComputedStyle(el).backgroundColor }));
	expect(contrast(shown.fg, shown.bg)).toBeGreaterThanOrEqual(4.5);
}

/** Presses Tab until `target` has focus (at most `limit` times), and checks that the focus shows. */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
	await expect(target).toBeVisible();
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) {
			const ring = await target.evaluate((el) => {
				// A visually hidden radio shows its focus on the swatch around it.
				const shown = el instanceof HTMLInputElement && el.type === 'radio' && el.parentElement ? el.parentElement : el;
				const style = getComputedStyle(shown);
				return { outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, shadow: style.boxShadow !== 'none' };
			});
			expect(ring.outline || ring.shadow, 'a visible focus indicator').toBe(true);
			return;
		}
	}
	throw new Error(`Tab never reached ${target.toString()}`);
}

test('the live review page is accessible with two people in it, light and dark, and its host controls work by keyboard', async ({ page, browser }) => {
	const teacher = await secondPerson(browser, 'A11yTeach');
	const student = await signedIn(page, 'A11yStud');
	const videoId = await uploadPlayable(page, 'Sonata, slowly');
	await shareWith(page, teacher.user);
	const teacherId = await myId(teacher.page);
	const teacherFirst = teacher.user.fullName.split(' ')[0] ?? '';
	const studentFirst = student.fullName.split(' ')[0] ?? '';

	await test.step('both join the session and its voice; each points at the other’s video; the host takes the controls', async () => {
		const started = await page.request.post(`/api/videos/${videoId}/review-sessions`, { data: { inviteeIds: [teacherId] } });
		expect(started.status()).toBe(201);
		const { session } = (await started.json()) as { session: { url: string } };
		await page.goto(session.url);
		await readyPlayer(page);
		await teacher.page.goto(session.url);
		await readyPlayer(teacher.page);
		await expect(page.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: teacher.user.fullName })).toContainText('here');

		await page.getByRole('button', { name: 'Join voice' }).click();
		await teacher.page.getByRole('button', { name: 'Join voice' }).click();
		await expect(page.getByTestId(`voice-peer-${teacherId}`)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

		for (const [p, other, name] of [[page, teacher.page, studentFirst], [teacher.page, page, teacherFirst]] as const) {
			const box = await video(p).boundingBox();
			if (!box) throw new Error('no video box');
			await p.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
			await p.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.45, { steps: 3 });
			await expect(other.locator('.pointer').filter({ hasText: name })).toBeVisible();
		}

		await page.getByRole('button', { name: 'Take the controls' }).click();
		await expect(teacher.page.getByTestId('control-mode')).toHaveText(`${student.fullName} has the controls.`);
	});

	for (const scheme of ['light', 'dark'] as const) {
		await test.step(`no violations in ${scheme}, in view and in draw mode`, async () => {
			for (const p of [page, teacher.page]) await p.emulateMedia({ colorScheme: scheme });
			await expectNoViolations(page, `host, ${scheme}`);
			await expectNoViolations(teacher.page, `invitee (locked), ${scheme}`);
			// The teacher's mouse is still over their video; the host's has left it for the buttons.
			await expectParticipantContrast(page, scheme, true);
			await expectParticipantContrast(teacher.page, scheme, false);

			await page.getByRole('button', { name: 'Draw on the frame…' }).click();
			const overlay = page.locator('svg.overlay');
			const box = await overlay.boundingBox();
			if (!box) throw new Error('no drawing overlay');
			await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
			await page.mouse.down();
			for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.04), box.y + box.height * 0.3);
			await page.mouse.up();
			await expect(teacher.page.locator('svg.overlay path')).toHaveCount(1);
			await expectNoViolations(page, `host drawing, ${scheme}`);
			await expectNoViolations(teacher.page, `invitee seeing a live stroke, ${scheme}`);
			await page.getByRole('button', { name: 'Cancel' }).click();
			await expect(teacher.page.locator('svg.overlay path')).toHaveCount(0);
		});
	}

	await test.step('by keyboard alone: the host hands the controls on and back, the invitee plays, mutes and seeks, the host draws and ends the session', async () => {
		const host = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
		const mode = teacher.page.getByTestId('control-mode');

		await tabTo(page, host(`Hand the controls to ${teacherFirst}`));
		await page.keyboard.press('Enter');
		await expect(mode).toHaveText('You have the controls.');
		await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();

		const play = teacher.page.getByRole('button', { name: 'Play' });
		await tabTo(teacher.page, play);
		await teacher.page.keyboard.press('Space');
		await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
		await teacher.page.keyboard.press('Enter');
		await expect(teacher.page.getByRole('button', { name: 'Play' })).toBeFocused();
		await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);

		await tabTo(teacher.page, teacher.page.getByRole('slider', { name: 'Seek' }));
		await teacher.page.keyboard.press('ArrowRight');
		await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(4.5);
		await tabTo(teacher.page, teacher.page.getByLabel('Speed'));
		await teacher.page.keyboard.press('ArrowDown');
		await expect(page.getByLabel('Speed')).not.toHaveValue('1');

		await tabTo(teacher.page, teacher.page.getByRole('button', { name: 'Mute' }));
		await teacher.page.keyboard.press('Space');
		await expect(teacher.page.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');

		await tabTo(page, host('Everyone controls'));
		await page.keyboard.press('Space');
		await expect(mode).toHaveText('Everyone controls playback.');
		await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();

		await tabTo(page, host('Draw on the frame…'));
		await page.keyboard.press('Enter');
		const tools = page.getByRole('group', { name: 'Draw on the frame' });
		await tabTo(page, tools.getByRole('radio', { checked: true }));
		await page.keyboard.press('ArrowRight');
		await expect(tools.getByRole('radio', { name: 'Yellow' })).toBeChecked();
		await tabTo(page, tools.getByRole('button', { name: 'Done drawing' }));
		await page.keyboard.press('Enter');
		await expect(page.getByRole('textbox', { name: 'Comment', exact: true })).toBeFocused();
		await tabTo(page, page.getByRole('button', { name: 'Cancel' }));
		await page.keyboard.press('Enter');

		await tabTo(page, host('End session'));
		await page.keyboard.press('Enter');
		for (const p of [page, teacher.page]) await expect(p.getByText('This session has ended')).toBeVisible({ timeout: 10_000 });
	});

	await teacher.context.close();
});
