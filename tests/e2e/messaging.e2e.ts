import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectNoViolations } from './axe-support';
import { expect, test } from './fixtures';
import { logIn, signUpVerified, uniqueUser, type TestUser } from './support';
import { makeClip } from './video-support';

async function signedInAs(page: Page, label: string, role: TestUser['role']): Promise<TestUser & { id: number }> {
	const user = uniqueUser(label, role);
	await signUpVerified(page, user);
	await logIn(page, user.username, user.password);
	await page.waitForURL(/\/home$/);
	const me = (await (await page.request.get('/api/auth/me')).json()) as { user: { id: number } };
	return { ...user, id: me.user.id };
}

/** A teacher–student pair with an active relationship, through the API. */
async function connected(teacherPage: Page, studentPage: Page, label: string) {
	const teacher = await signedInAs(teacherPage, `${label}teacher`, 'teacher');
	const student = await signedInAs(studentPage, `${label}student`, 'student');
	const asked = await studentPage.request.post('/api/relationships/request', { data: { teacherId: teacher.id } });
	const { relationship } = (await asked.json()) as { relationship: { id: number } };
	expect((await teacherPage.request.put(`/api/relationships/${relationship.id}/accept`)).status()).toBe(200);
	return { teacher, student };
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
	// The picker fits the screen; with no videos yet it says how to get one.
	await page.getByRole('button', { name: 'Attach a video' }).click();
	const picker = page.getByRole('dialog', { name: 'Attach a video' });
	await expect(picker.getByRole('link', { name: 'Upload a video' })).toBeVisible();
	const box = await picker.boundingBox();
	expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
	await expectNoViolations(page, 'video picker (phone)');
	await picker.getByRole('button', { name: 'Close' }).click();
	await expect(page.getByRole('button', { name: 'Attach a video' })).toBeFocused();
	await page.getByRole('link', { name: '← Conversations' }).click();
	await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
	await expectNoViolations(page, '/messages (phone)');
	void student;
});

test('a student attaches their video in a message; the teacher gets the card live and may now watch it', async ({ browser }) => {
	test.setTimeout(120_000);
	const studentPage = await (await browser.newContext()).newPage();
	const teacherPage = await (await browser.newContext()).newPage();
	const { teacher, student } = await connected(teacherPage, studentPage, 'Card');

	// A ready video of the student's, uploaded the quick way (multipart API).
	const clip = makeClip({ width: 640, height: 360, seconds: 2, bitrate: '1M' });
	const created = await studentPage.request.post('/api/videos', {
		multipart: { title: 'Scales in G', file: { name: 'scales.mp4', mimeType: 'video/mp4', buffer: readFileSync(clip) } }
	});
	expect(created.status()).toBe(201);
	const { video } = (await created.json()) as { video: { id: number } };
	const status = async () => ((await (await studentPage.request.get(`/api/videos/${video.id}`)).json()) as { video: { status: string } }).video.status;
	await expect.poll(status, { timeout: 90_000 }).toBe('ready');
	expect((await teacherPage.request.get(`/api/videos/${video.id}`)).status()).toBe(404);

	const started = await studentPage.request.post('/api/conversations', { data: { userIds: [teacher.id] } });
	const { conversation } = (await started.json()) as { conversation: { id: number } };
	await studentPage.goto(`/messages/${conversation.id}`);
	await teacherPage.goto(`/messages/${conversation.id}`);
	const composer = studentPage.getByRole('textbox', { name: `Message to ${teacher.fullName}` });
	await expect(composer).toBeVisible();

	// The picker: a labelled list of the student's videos; Escape closes it and focus goes back.
	const attach = studentPage.getByRole('button', { name: 'Attach a video' });
	await attach.click();
	const picker = studentPage.getByRole('dialog', { name: 'Attach a video' });
	const option = picker.getByRole('list', { name: 'Your videos' }).getByRole('button', { name: 'Scales in G' });
	await expect(option).toBeFocused();
	await expect(option).toHaveAccessibleDescription(/0:02.*Ready/);
	await expect(picker.getByText(`Sending it shares the video with ${teacher.fullName}.`)).toBeVisible();
	await expectNoViolations(studentPage, 'video picker');
	await studentPage.keyboard.press('Escape');
	await expect(picker).toBeHidden();
	await expect(attach).toBeFocused();

	// By keyboard: open, choose; the chip shows and focus goes to the text field.
	await studentPage.keyboard.press('Enter');
	await expect(option).toBeFocused();
	await studentPage.keyboard.press('Enter');
	await expect(picker).toBeHidden();
	const chip = studentPage.getByRole('group', { name: 'Attached video' });
	await expect(chip).toContainText('Attached: Scales in G');
	await expect(composer).toBeFocused();

	// The API needs text with a video: the message says so by the field, nothing is sent.
	await composer.press('Enter');
	await expect(studentPage.getByText('Write a message to send with “Scales in G”.')).toBeVisible();
	await expect(composer).toHaveAttribute('aria-invalid', 'true');

	// The draft keeps the attached video across a reload.
	await composer.fill('Here are my scales');
	await studentPage.reload();
	await expect(chip).toContainText('Attached: Scales in G');
	await expect(composer).toHaveValue('Here are my scales');

	// A refusal about the video shows by the video, with the API's own words (the real refusal
	// needs someone else's video, which the picker never offers).
	const refuse = (url: URL) => url.pathname === `/api/conversations/${conversation.id}/messages`;
	await studentPage.route(refuse, (route) =>
		route.request().method() === 'POST'
			? route.fulfill({ status: 403, json: { error: { code: 'forbidden', message: 'You can send only your own videos.', field: 'videoId' } } })
			: route.fallback()
	);
	await composer.press('Enter');
	await expect(chip).toHaveAccessibleDescription('You can send only your own videos.');
	await expect(chip).toBeVisible();
	await studentPage.unroute(refuse);

	// Sent: the chip clears, the card is in both logs, live on the teacher's side.
	await composer.press('Enter');
	await expect(chip).toBeHidden();
	await expect(composer).toHaveValue('');
	const studentLog = studentPage.getByRole('log', { name: `Messages with ${teacher.fullName}` });
	await expect(studentLog.getByRole('link', { name: 'Video: Scales in G' })).toBeVisible();
	const teacherLog = teacherPage.getByRole('log', { name: `Messages with ${student.fullName}` });
	await expect(teacherLog.getByText('Here are my scales')).toBeVisible();
	await teacherLog.getByRole('link', { name: 'Video: Scales in G' }).click();
	await expect(teacherPage).toHaveURL(new RegExp(`/videos/${video.id}$`));
	await expect(teacherPage.getByRole('heading', { name: 'Scales in G', level: 1 })).toBeVisible();

	// After a reload the draft is empty: nothing attached any more.
	await studentPage.reload();
	await expect(composer).toHaveValue('');
	await expect(chip).toHaveCount(0);
});

test('the conversation list follows messages live: to the top, unread, deleted, a new conversation, read', async ({ browser }) => {
	test.setTimeout(90_000);
	const teacherPage = await (await browser.newContext()).newPage();
	const aPage = await (await browser.newContext()).newPage();
	const bPage = await (await browser.newContext()).newPage();
	const { teacher, student: a } = await connected(teacherPage, aPage, 'List');
	const b = await signedInAs(bPage, 'Listnewstudent', 'student');
	const asked = await bPage.request.post('/api/relationships/request', { data: { teacherId: teacher.id } });
	const { relationship } = (await asked.json()) as { relationship: { id: number } };
	expect((await teacherPage.request.put(`/api/relationships/${relationship.id}/accept`)).status()).toBe(200);
	const start = async (page: Page) => {
		const started = await page.request.post('/api/conversations', { data: { userIds: [teacher.id] } });
		return ((await started.json()) as { conversation: { id: number } }).conversation.id;
	};
	const say = async (page: Page, conversationId: number, content: string) => {
		const sent = await page.request.post(`/api/conversations/${conversationId}/messages`, { data: { content } });
		expect(sent.status()).toBe(201);
		return ((await sent.json()) as { message: { id: number } }).message.id;
	};
	const withA = await start(aPage);
	await say(aPage, withA, 'First from A');

	// The list changes in place: it asks for its first page only when the socket connects, and
	// for one conversation only when it does not hold it.
	const fetched: string[] = [];
	teacherPage.on('request', (request) => {
		const url = new URL(request.url());
		if (request.method() === 'GET' && /^\/api\/conversations(\/\d+)?$/.test(url.pathname)) fetched.push(url.pathname);
	});
	// Once the socket is up (its connect fetches the first page), events reach the list.
	const connectedPage = teacherPage.waitForResponse((response) => new URL(response.url()).pathname === '/api/conversations');
	await teacherPage.goto('/messages');
	const items = teacherPage.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem');
	await expect(items).toHaveCount(1);
	await connectedPage;

	// A conversation the list has never held arrives with its first message: fetched, on top.
	const withB = await start(bPage);
	await say(bPage, withB, 'Hello from B');
	await expect(items).toHaveCount(2);
	await expect(items.first()).toContainText(b.fullName);
	await expect(items.first()).toContainText('Hello from B');

	// A message in the older conversation moves it to the top, counted unread.
	const again = await say(aPage, withA, 'Again from A');
	await expect(items.first()).toContainText('Again from A');
	await expect(items.first().getByRole('link')).toHaveAccessibleName(new RegExp(`${a.fullName}.*2 unread`));

	// Deleted: the preview says so and the count drops; opening it reads the rest.
	expect((await aPage.request.delete(`/api/messages/${again}`)).status()).toBe(204);
	await expect(items.first()).toContainText('Message deleted');
	await expect(items.first().getByRole('link')).toHaveAccessibleName(/1 unread/);
	await items.first().getByRole('link').click();
	await expect(teacherPage).toHaveURL(new RegExp(`/messages/${withA}$`));
	await expect(items.first().getByRole('link')).not.toHaveAccessibleName(/unread/);
	await expect(items.nth(1).getByRole('link')).toHaveAccessibleName(/1 unread/);
	expect(fetched.filter((path) => path === '/api/conversations')).toHaveLength(1);
	expect(fetched.filter((path) => path === `/api/conversations/${withB}`)).toHaveLength(1);
});
