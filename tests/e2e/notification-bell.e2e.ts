import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makeClip, signedIn } from './video-support';

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
