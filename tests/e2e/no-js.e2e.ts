import { expect, test } from './fixtures';
import { confirmThroughOutbox, logIn, signUp, uniqueUser } from './support';

test.use({ javaScriptEnabled: false });

test('sign-up, e-mail confirmation, log-in and log-out work without JavaScript', async ({ page }) => {
	const user = uniqueUser('Nojs');

	await signUp(page, user);
	await confirmThroughOutbox(page, user.email);

	// A wrong password first: the error comes back in a full page load.
	await logIn(page, user.username, 'not-the-right-password');
	await expect(page.getByRole('alert')).toContainText('Incorrect e-mail, username or password.');
	await expect(page.getByLabel('E-mail or username')).toHaveValue(user.username);

	await logIn(page, user.username, user.password);
	await expect(page).toHaveURL(/\/home$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Nojs' })).toBeVisible();

	// The user menu is a <details> element, so it opens without JavaScript too.
	await page.getByLabel(`Account menu for ${user.fullName}`).click();
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/$/);
	await page.goto('/home');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhome$/);
});
