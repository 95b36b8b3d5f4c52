import type { Page } from '@playwright/test';
import { expectNoViolations } from './axe-support';
import { expect, test } from './fixtures';
import { logIn, signUpVerified, uniqueUser, type TestUser } from './support';

async function signedInAs(page: Page, label: string, role: TestUser['role']): Promise<TestUser & { id: number }> {
	const user = uniqueUser(label, role);
	await signUpVerified(page, user);
	await logIn(page, user.username, user.password);
	await page.waitForURL(/\/home$/);
	const me = (await (await page.request.get('/api/auth/me')).json()) as { user: { id: number } };
	return { ...user, id: me.user.id };
}

test('a teacher and a student message each other live, with the unread count, typing, "Seen" and a kept draft', async ({ browser }) => {
	test.setTimeout(90_000);
	const studentPage = await (await browser.newContext()).newPage();
	const teacherPage = await (await browser.newContext()).newPage();
	const teacher = await signedInAs(teacherPage, 'Msgteacher', 'teacher');
	const student = await signedInAs(studentPage, 'Msgstudent', 'student');

	// The relationship through the API, as the relationships test's pages would make it.
	const asked = await studentPage.request.post('/api/relationships/request', { data: { teacherId: teacher.id } });
	expect(asked.status()).toBe(201);
	const { relationship } = (await asked.json()) as { relationship: { id: number } };
	expect((await teacherPage.request.put(`/api/relationships/${relationship.id}/accept`)).status()).toBe(200);

	// The student opens the conversation from My teachers.
	await studentPage.goto('/relationships/teachers');
	await studentPage.getByRole('button', { name: `Message ${teacher.fullName}` }).click();
	await expect(studentPage).toHaveURL(/\/messages\/\d+$/);
	const conversationUrl = studentPage.url();
	const studentLog = studentPage.getByRole('log', { name: `Messages with ${teacher.fullName}` });
	const studentComposer = studentPage.getByRole('textbox', { name: `Message to ${teacher.fullName}` });
	await expect(studentComposer).toBeVisible();

	// The teacher waits elsewhere; the count in the navigation rises live.
	await teacherPage.goto('/home');
	const messagesLink = teacherPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Messages/ }).first();
	await expect(messagesLink).toHaveAccessibleName('Messages');
	await studentComposer.fill('Hello! Could you look at https://example.com/etude before Friday?');
	await studentComposer.press('Enter');
	await expect(studentLog.getByText('Hello! Could you look at')).toBeVisible();
	await expect(studentComposer).toHaveValue('');
	await expect(messagesLink).toHaveAccessibleName('Messages 1 unread');

	// The teacher opens it from the list: the link is safe, and the student sees "Seen".
	await messagesLink.click();
	const list = teacherPage.getByRole('navigation', { name: 'Conversations' });
	await list.getByRole('link', { name: new RegExp(student.fullName) }).click();
	await expect(teacherPage).toHaveURL(conversationUrl);
	const teacherLog = teacherPage.getByRole('log', { name: `Messages with ${student.fullName}` });
	const link = teacherLog.getByRole('link', { name: 'https://example.com/etude' });
	await expect(link).toHaveAttribute('href', 'https://example.com/etude');
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
	await expect(link).toHaveAttribute('target', '_blank');
	await expect(studentLog.getByText('Seen')).toBeVisible();
	await expect(messagesLink).toHaveAccessibleName('Messages');

	// Typing shows on the other side; the reply arrives live; Shift+Enter keeps a new line.
	const teacherComposer = teacherPage.getByRole('textbox', { name: `Message to ${student.fullName}` });
	await teacherComposer.pressSequentially('Of course');
	await expect(studentPage.getByRole('status').filter({ hasText: `${teacher.fullName} is typing…` })).toBeVisible();
	await teacherComposer.press('Shift+Enter');
	await teacherComposer.pressSequentially('<b>Bring the score</b>');
	await teacherComposer.press('Enter');
	await expect(studentLog.getByText('Of course')).toBeVisible();
	await expect(studentLog.getByText('<b>Bring the score</b>')).toBeVisible();
	await expect(studentPage.getByRole('status').filter({ hasText: 'is typing' })).toHaveCount(0);
	await expect(teacherLog.getByText('Seen')).toBeVisible();

	// A draft survives a reload.
	await studentComposer.fill('Half-written thought');
	await studentPage.reload();
	await expect(studentPage.getByRole('textbox', { name: `Message to ${teacher.fullName}` })).toHaveValue('Half-written thought');

	await expectNoViolations(studentPage, '/messages/{id}');
	await teacherPage.goto('/messages');
	await expect(teacherPage.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
	await expectNoViolations(teacherPage, '/messages');
});

test('on a phone-width screen the list and the conversation are two views', async ({ browser }) => {
	test.setTimeout(60_000);
	const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
	const page = await context.newPage();
	const teacherPage = await (await browser.newContext()).newPage();
	const teacher = await signedInAs(teacherPage, 'Phoneteacher', 'teacher');
	const student = await signedInAs(page, 'Phonestudent', 'student');
	const asked = await page.request.post('/api/relationships/request', { data: { teacherId: teacher.id } });
	const { relationship } = (await asked.json()) as { relationship: { id: number } };
	expect((await teacherPage.request.put(`/api/relationships/${relationship.id}/accept`)).status()).toBe(200);
	const started = await page.request.post('/api/conversations', { data: { userIds: [teacher.id] } });
	const { conversation } = (await started.json()) as { conversation: { id: number } };

	await page.goto('/messages');
	await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
	await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(teacher.fullName) }).click();
	await expect(page).toHaveURL(new RegExp(`/messages/${conversation.id}$`));
	await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeHidden();
	await expect(page.getByRole('textbox', { name: `Message to ${teacher.fullName}` })).toBeVisible();
	await page.getByRole('link', { name: '← Conversations' }).click();
	await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
	await expectNoViolations(page, '/messages (phone)');
	void student;
});
