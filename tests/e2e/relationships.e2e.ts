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

async function recordEntry(page: Page, video: string, scores: { rating: number; technique: number; musicality: number; rhythm: number; overall: number }, notes: string) {
	const form = page.getByRole('form', { name: 'Record progress' });
	await form.getByLabel('Video').selectOption({ label: video });
	await form.getByLabel('Rating (1–5)').fill(String(scores.rating));
	await form.getByLabel('Technique (1–100)').fill(String(scores.technique));
	await form.getByLabel('Musicality (1–100)').fill(String(scores.musicality));
	await form.getByLabel('Rhythm (1–100)').fill(String(scores.rhythm));
	await form.getByLabel('Overall (1–100)').fill(String(scores.overall));
	await form.getByLabel('Notes').fill(notes);
	await form.getByRole('button', { name: 'Save entry' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Entry saved' })).toBeVisible();
}

test('a student asks a teacher, the teacher accepts and records two entries, the student sees the chart and the table', async ({ browser }) => {
	// Two sign-ups through the outbox, an upload and two entries.
	test.setTimeout(90_000);
	const studentContext = await browser.newContext();
	const teacherContext = await browser.newContext();
	const studentPage = await studentContext.newPage();
	const teacherPage = await teacherContext.newPage();
	const teacher = await signedInAs(teacherPage, 'Relteacher', 'teacher');
	const student = await signedInAs(studentPage, 'Relstudent', 'student');

	// The student finds the teacher in the directory and asks from the profile.
	await studentPage.goto(`/teachers?q=${encodeURIComponent(teacher.username)}`);
	await studentPage.getByRole('link', { name: teacher.fullName }).click();
	await expect(studentPage.getByRole('heading', { name: teacher.fullName, level: 1 })).toBeVisible();
	await studentPage.getByRole('button', { name: 'Request as my teacher' }).click();
	await expect(studentPage.getByText('Request sent. Waiting for')).toBeVisible();

	// A video of the student's, shared with the teacher, for the entries to be about.
	const clip = makeClip({ width: 640, height: 360, seconds: 2, bitrate: '1M' });
	const created = await studentPage.request.post('/api/videos', {
		multipart: { title: 'Scales in D', file: { name: 'scales.mp4', mimeType: 'video/mp4', buffer: readFileSync(clip) } }
	});
	expect(created.status()).toBe(201);
	const { video } = (await created.json()) as { video: { id: number } };
	expect((await studentPage.request.post(`/api/videos/${video.id}/share`, { data: { userId: teacher.id } })).status()).toBe(201);

	// The teacher accepts on My students.
	await teacherPage.goto('/home');
	await teacherPage.getByRole('link', { name: 'My students', exact: true }).click();
	await expect(teacherPage).toHaveURL(/\/relationships\/students$/);
	const waiting = teacherPage.getByRole('region', { name: 'Waiting for your answer' });
	await waiting.getByRole('button', { name: `Accept ${student.fullName}` }).click();
	const mine = teacherPage.getByRole('region', { name: 'Your students' });
	await expect(mine.getByRole('link', { name: student.fullName, exact: true })).toBeVisible();
	await expect(waiting).toHaveCount(0);

	// Two entries from the student's progress page.
	await mine.getByRole('link', { name: `Progress of ${student.fullName}` }).click();
	await expect(teacherPage).toHaveURL(new RegExp(`/progress/${student.id}$`));
	await recordEntry(teacherPage, 'Scales in D', { rating: 3, technique: 55, musicality: 60, rhythm: 50, overall: 58 }, 'Even out the left hand.');
	await recordEntry(teacherPage, 'Scales in D', { rating: 4, technique: 72, musicality: 75, rhythm: 68, overall: 73 }, 'Much steadier.');
	await expectNoViolations(teacherPage, 'teacher progress page');

	// The student sees both, drawn and in numbers.
	await studentPage.goto('/home');
	await studentPage.getByRole('link', { name: 'Progress', exact: true }).click();
	await expect(studentPage).toHaveURL(/\/progress$/);
	const chart = studentPage.getByRole('img', { name: 'Your scores over time' });
	await expect(chart).toBeVisible();
	expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
	await expect(chart).toHaveAccessibleDescription(/2 entries .* Latest: Technique 72, Musicality 75, Rhythm 68, Overall 73/);
	// One line and one point per entry for each of the four scores.
	await expect(chart.locator('path.score-line')).toHaveCount(4);
	const table = studentPage.getByRole('table', { name: 'Every entry, newest first' });
	const rows = table.getByRole('row');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('73');
	await expect(rows.nth(1)).toContainText('Much steadier.');
	await expect(rows.nth(2)).toContainText('58');
	await expect(rows.nth(2)).toContainText('Even out the left hand.');
	await expect(rows.nth(1).getByRole('link', { name: 'Scales in D' })).toHaveAttribute('href', `/videos/${video.id}`);
	await expectNoViolations(studentPage, 'student progress page');

	// On the teacher's profile the student now sees that it is settled.
	await studentPage.goto(`/users/${teacher.id}`);
	await expect(studentPage.getByText(`${teacher.fullName} is your teacher.`)).toBeVisible();

	await studentContext.close();
	await teacherContext.close();
});

test('without JavaScript: a teacher invites from a profile, the student accepts, an entry is refused then saved, and removing ends the teacher’s access', async ({ browser }) => {
	test.setTimeout(90_000);
	const studentContext = await browser.newContext({ javaScriptEnabled: false });
	const teacherContext = await browser.newContext({ javaScriptEnabled: false });
	const studentPage = await studentContext.newPage();
	const teacherPage = await teacherContext.newPage();
	const teacher = await signedInAs(teacherPage, 'Nojsteacher', 'teacher');
	const student = await signedInAs(studentPage, 'Nojsstudent', 'student');

	await teacherPage.goto(`/users/${student.id}`);
	await teacherPage.getByRole('button', { name: 'Invite as my student' }).click();
	await expect(teacherPage.getByRole('status').filter({ hasText: 'Invitation sent.' })).toBeVisible();
	await expect(teacherPage.getByRole('button', { name: 'Withdraw request' })).toBeVisible();

	await studentPage.goto('/relationships');
	await expect(studentPage).toHaveURL(/\/relationships\/teachers$/);
	await studentPage.getByRole('region', { name: 'Waiting for your answer' }).getByRole('button', { name: `Accept ${teacher.fullName}` }).click();
	await expect(studentPage.getByRole('region', { name: 'Your teachers' }).getByRole('link', { name: teacher.fullName })).toBeVisible();

	const clip = makeClip({ width: 640, height: 360, seconds: 2, bitrate: '1M' });
	const created = await studentPage.request.post('/api/videos', {
		multipart: { title: 'Etude no. 3', file: { name: 'etude.mp4', mimeType: 'video/mp4', buffer: readFileSync(clip) } }
	});
	const { video } = (await created.json()) as { video: { id: number } };
	expect((await studentPage.request.post(`/api/videos/${video.id}/share`, { data: { userId: teacher.id } })).status()).toBe(201);

	await teacherPage.goto(`/progress/${student.id}`);
	const form = teacherPage.getByRole('form', { name: 'Record progress' });
	await form.getByLabel('Video').selectOption({ label: 'Etude no. 3' });
	const entry: [string, string][] = [['Rating (1–5)', '5'], ['Technique (1–100)', '80'], ['Musicality (1–100)', '81'], ['Rhythm (1–100)', '82'], ['Overall (1–100)', '101']];
	for (const [label, value] of entry) await form.getByLabel(label).fill(value);
	await form.getByRole('button', { name: 'Save entry' }).click();
	await expect(teacherPage.getByRole('alert')).toContainText('Overall must be between 1 and 100.');
	await expect(form.getByLabel('Overall (1–100)')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByLabel('Technique (1–100)')).toHaveValue('80');
	await form.getByLabel('Overall (1–100)').fill('84');
	await form.getByRole('button', { name: 'Save entry' }).click();
	await expect(teacherPage.getByRole('status').filter({ hasText: 'Entry saved' })).toBeVisible();

	await studentPage.goto('/progress');
	const rows = studentPage.getByRole('table', { name: 'Every entry, newest first' }).getByRole('row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1)).toContainText('84');

	// The student ends it: the teacher can no longer open the student's progress.
	await studentPage.goto('/relationships/teachers');
	await studentPage.getByRole('button', { name: `Remove ${teacher.fullName}` }).click();
	await expect(studentPage.getByRole('status').filter({ hasText: 'Removed.' })).toBeVisible();
	const gone = await teacherPage.goto(`/progress/${student.id}`);
	expect(gone?.status()).toBe(404);

	await studentContext.close();
	await teacherContext.close();
});
