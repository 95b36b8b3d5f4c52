import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectNoViolations } from './axe-support';
import { expect, test } from './fixtures';
import { logIn, signUpVerified, uniqueUser, type TestUser } from './support';
import { makeClip, signedIn } from './video-support';

async function signedInAs(page: Page, label: string, role: TestUser['role']): Promise<TestUser & { id: number }> {
	const user = uniqueUser(label, role);
	await signUpVerified(page, user);
	await logIn(page, user.username, user.password);
	await page.waitForURL(/\/home$/);
	const me = (await (await page.request.get('/api/auth/me')).json()) as { user: { id: number } };
	return { ...user, id: me.user.id };
}

const bell = (page: Page) => page.locator('summary[title="Notifications"]');

test('a share reaches the other user’s bell live, links to the video, and can be marked read', async ({ browser }) => {
	const ownerContext = await browser.newContext();
	const teacherContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	const teacher = await teacherContext.newPage();
	await signedIn(owner, 'Belowner');
	await signedIn(teacher, 'Belteacher');
	const me = (await (await teacher.request.get('/api/auth/me')).json()) as { user: { id: number } };

	await teacher.goto('/home');
	await expect(bell(teacher)).toHaveAccessibleName('Notifications');

	const clip = makeClip({ width: 640, height: 360, seconds: 2, bitrate: '1M' });
	const created = await owner.request.post('/api/videos', {
		multipart: { title: 'Minuet in G', file: { name: 'minuet.mp4', mimeType: 'video/mp4', buffer: readFileSync(clip) } }
	});
	expect(created.status()).toBe(201);
	const { video } = (await created.json()) as { video: { id: number } };
	const shared = await owner.request.post(`/api/videos/${video.id}/share`, { data: { userId: me.user.id } });
	expect(shared.status()).toBe(201);

	// Live, without a reload.
	await expect(bell(teacher)).toHaveAccessibleName('Notifications, 1 unread');
	await bell(teacher).click();
	const link = teacher.getByRole('link', { name: /shared a video with you/ });
	await expect(link).toHaveAttribute('href', `/videos/${video.id}`);
	await teacher.getByRole('button', { name: 'Mark all as read' }).click();
	await expect(bell(teacher)).toHaveAccessibleName('Notifications');

	// The count comes from the database after a reload too.
	await teacher.reload();
	await expect(bell(teacher)).toHaveAccessibleName('Notifications');
	await ownerContext.close();
	await teacherContext.close();
});

test('a student’s request raises the teacher’s bell live, and the teacher accepts it from the bell', async ({ browser }) => {
	test.setTimeout(90_000);
	const studentContext = await browser.newContext();
	const teacherContext = await browser.newContext();
	const student = await studentContext.newPage();
	const teacher = await teacherContext.newPage();
	await signedInAs(student, 'Bellstudent', 'student');
	const teacherUser = await signedInAs(teacher, 'Bellteacher', 'teacher');
	await teacher.goto('/home');
	await expect(bell(teacher)).toHaveAccessibleName('Notifications');

	const asked = await student.request.post('/api/relationships/request', { data: { teacherId: teacherUser.id } });
	expect(asked.status()).toBe(201);
	const { relationship } = (await asked.json()) as { relationship: { id: number } };

	// Live, without a reload; the name carries the count.
	await expect(bell(teacher)).toHaveAccessibleName('Notifications, 1 unread');
	// Keyboard: the summary opens the panel, Escape closes it and leaves focus on the bell.
	await bell(teacher).focus();
	await teacher.keyboard.press('Enter');
	const panel = teacher.getByRole('region', { name: 'Notifications' });
	await expect(panel).toBeVisible();
	await teacher.keyboard.press('Escape');
	await expect(panel).toBeHidden();
	await expect(bell(teacher)).toBeFocused();

	await bell(teacher).click();
	await expect(panel.getByRole('link', { name: /asked you to be their teacher/ })).toHaveAttribute('href', '/relationships');
	await panel.getByRole('button', { name: 'Accept' }).click();
	await expect(panel.getByText('Accepted.')).toBeFocused();
	await expect(bell(teacher)).toHaveAccessibleName('Notifications');
	const mine = (await (await student.request.get('/api/relationships?status=active')).json()) as { relationships: { id: number }[] };
	expect(mine.relationships.map((r) => r.id)).toContain(relationship.id);

	// The student hears of it, and the full list and the settings pass axe.
	await student.goto('/notifications');
	await expect(student.getByRole('link', { name: /accepted/i })).toBeVisible();
	await expectNoViolations(student, 'notifications');
	await student.getByRole('button', { name: /Mark all as read/ }).click();
	await expect(student.getByRole('link', { name: /Unread \(0\)/ })).toBeVisible();
	await student.goto('/settings/notifications');
	await expect(student.getByRole('heading', { name: 'Notification settings', level: 1 })).toBeVisible();
	await student.getByRole('checkbox', { name: 'Comments and replies on my videos and comments by e-mail' }).uncheck();
	await student.getByRole('button', { name: 'Save settings' }).click();
	await expect(student.getByText('Your notification settings are saved.')).toBeVisible();
	await expectNoViolations(student, 'notification settings');
	const prefs = (await (await student.request.get('/api/notifications/preferences')).json()) as { preferences: { type: string; email: boolean }[] };
	expect(prefs.preferences.find((p) => p.type === 'comment')?.email).toBe(false);
	await studentContext.close();
	await teacherContext.close();
});
