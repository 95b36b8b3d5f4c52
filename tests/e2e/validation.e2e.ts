import { expect, test } from './fixtures';
import { fillSignUp, signUp, uniqueUser } from './support';

test('a common password is refused next to the password field, keeping the other values', async ({ page }) => {
	const user = { ...uniqueUser('Weak', 'teacher'), password: 'password123' };
	await fillSignUp(page, user);
	await page.getByRole('button', { name: 'Create account' }).click();

	const password = page.getByLabel('Password', { exact: true });
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(password).toHaveAccessibleDescription(/too common/);
	await expect(page.getByRole('alert')).toContainText('too common');
	// Focus moves to the field with the problem.
	await expect(password).toBeFocused();

	await expect(page).toHaveURL(/\/signup$/);
	await expect(page.getByLabel('Full name')).toHaveValue(user.fullName);
	await expect(page.getByLabel('E-mail')).toHaveValue(user.email);
	await expect(page.getByLabel('Username')).toHaveValue(user.username);
	await expect(page.getByRole('radio', { name: /teacher/i })).toBeChecked();
});

test('a taken username is a conflict shown on the username field, keeping the values but not the password', async ({
	browser
}) => {
	const first = uniqueUser('Taken');
	const firstContext = await browser.newContext();
	await signUp(await firstContext.newPage(), first);
	await firstContext.close();

	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const second = { ...uniqueUser('Other'), username: first.username };
	await fillSignUp(page, second);
	await page.getByRole('button', { name: 'Create account' }).click();

	const username = page.getByLabel('Username');
	await expect(username).toHaveAttribute('aria-invalid', 'true');
	await expect(username).toHaveAccessibleDescription(/This username is taken\./);
	await expect(page.getByRole('alert')).toContainText('This username is taken.');
	await expect(page.getByLabel('Full name')).toHaveValue(second.fullName);
	await expect(page.getByLabel('E-mail')).toHaveValue(second.email);
	await expect(username).toHaveValue(first.username);
	// The password never travels back to the browser.
	await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
	expect(await page.content()).not.toContain(second.password);
	await context.close();
});

test('log-in with a wrong password says so without naming which part was wrong', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('E-mail or username').fill('nobody-here@example.test');
	await page.getByLabel('Password', { exact: true }).fill('whatever-it-is-1');
	await page.getByRole('button', { name: 'Log in', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText('Incorrect e-mail, username or password.');
	await expect(page.getByLabel('E-mail or username')).toHaveValue('nobody-here@example.test');
});
