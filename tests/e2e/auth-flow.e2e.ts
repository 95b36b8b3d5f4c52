import { expect, test } from './fixtures';
import { TINY_PNG, confirmThroughOutbox, logIn, signUp, uniqueUser } from './support';

test('a teacher signs up, confirms the e-mail, logs in, edits the profile and logs out', async ({ page }) => {
	const user = uniqueUser('Flow', 'teacher');

	await test.step('sign up', async () => {
		await signUp(page, user);
		await expect(page.getByText(user.email)).toBeVisible();
		// Outside production the check-email page points at the dev outbox.
		await expect(page.getByRole('link', { name: 'Open the development outbox' })).toBeVisible();
	});

	await test.step('confirm the address from the outbox', async () => {
		await confirmThroughOutbox(page, user.email);
	});

	await test.step('log in', async () => {
		await logIn(page, user.username, user.password);
		await expect(page).toHaveURL(/\/home$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Flow' })).toBeVisible();
		await expect(page).toHaveTitle('Home · ClassCast');
	});

	await test.step('edit the profile with a picture', async () => {
		await page.getByLabel(`Account menu for ${user.fullName}`).click();
		await page.getByRole('link', { name: 'Profile', exact: true }).click();
		await expect(page).toHaveURL(/\/profile$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();

		await page.getByLabel('Bio').fill('Cellist and teacher.\nI love Bach suites.');
		await page.getByLabel('Instruments').fill('Cello, Piano, cello');
		await page.getByLabel('Experience level').selectOption({ label: 'Professional' });
		await page.getByLabel('Upload a picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: TINY_PNG });
		await expect(page.getByRole('img', { name: 'Preview of your new profile picture' })).toBeVisible();
		await page.getByRole('button', { name: 'Save profile' }).click();

		await expect(page.getByRole('status').filter({ hasText: 'Profile saved' })).toBeVisible();
		const avatar = page.getByRole('img', { name: 'Your profile picture' });
		await expect(avatar).toHaveAttribute('src', /^\/media\/profile-images\/\d+\/profile\.jpg/);
		// The stored picture really loads: the server squares it to 512 px.
		await expect(avatar).toHaveJSProperty('naturalWidth', 512);
	});

	await test.step('the saved values survive a reload', async () => {
		await page.reload();
		await expect(page.getByLabel('Bio')).toHaveValue('Cellist and teacher.\nI love Bach suites.');
		// Duplicates are dropped ignoring case.
		await expect(page.getByLabel('Instruments')).toHaveValue('Cello, Piano');
		await expect(page.getByLabel('Experience level')).toHaveValue('professional');
		await expect(page.getByRole('img', { name: 'Your profile picture' })).toHaveJSProperty('naturalWidth', 512);
		await expect(page.getByRole('button', { name: 'Remove picture' })).toBeVisible();
	});

	await test.step('the teacher is listed and has a public profile', async () => {
		await page.goto('/teachers');
		await page.getByLabel('Name or instrument', { exact: true }).fill(user.username);
		await page.getByLabel('Instrument', { exact: true }).fill('piano');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page).toHaveURL(/instrument=piano/);
		const card = page.getByRole('article').filter({ hasText: user.fullName });
		await expect(card).toContainText('Professional');
		await expect(card.getByRole('list', { name: 'Instruments' })).toContainText('Cello');
		await card.getByRole('link', { name: user.fullName }).click();
		await expect(page.getByRole('heading', { level: 1, name: user.fullName })).toBeVisible();
		await expect(page.getByText('I love Bach suites.')).toBeVisible();
		await expect(page).toHaveTitle(`${user.fullName} · ClassCast`);
	});

	await test.step('log out', async () => {
		await page.getByLabel(`Account menu for ${user.fullName}`).click();
		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByRole('link', { name: 'Sign up' }).first()).toBeVisible();
	});

	await test.step('a protected page now sends us to log in, and back afterwards', async () => {
		await page.goto('/profile');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile$/);
		await logIn(page, user.email, user.password);
		await expect(page).toHaveURL(/\/profile$/);
	});
});
