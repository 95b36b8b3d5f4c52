import { expect, test } from './fixtures';
import { logIn, openOutboxUntil, signUpVerified, uniqueUser } from './support';

test('a password reset from a second browser revokes the first session, retires the old password and spends the link', async ({
	browser
}) => {
	const user = uniqueUser('Reset');
	const newPassword = 'Oboe-Sonata-in-G-minor-4';

	// Context A: the device the user is already signed in on.
	const contextA = await browser.newContext();
	const pageA = await contextA.newPage();
	// Context B: another device, where the user has forgotten the password.
	const contextB = await browser.newContext();
	const pageB = await contextB.newPage();
	let resetUrl = '';

	await test.step('sign up, confirm and log in on device A', async () => {
		await signUpVerified(pageA, user);
		await logIn(pageA, user.username, user.password);
		await expect(pageA).toHaveURL(/\/home$/);
		await expect(pageA.getByRole('heading', { level: 1, name: 'Welcome, Reset' })).toBeVisible();
	});

	await test.step('ask for a reset link on device B', async () => {
		await pageB.goto('/login');
		await pageB.getByRole('link', { name: 'Forgot password?' }).click();
		await expect(pageB).toHaveURL(/\/forgot-password$/);
		await expect(pageB.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
		await pageB.getByLabel('E-mail').fill(user.email);
		await pageB.getByRole('button', { name: 'Send the reset link' }).click();
		// The neutral answer: the same whether or not the address has an account.
		const sent = pageB.getByRole('status').filter({ hasText: 'Check your inbox' });
		await expect(sent).toContainText(`If an account uses ${user.email}, a link to reset its password is on its way.`);
	});

	await test.step('open the newest reset mail in the outbox and follow its link', async () => {
		const row = pageB.getByRole('row').filter({ hasText: user.email }).filter({ hasText: /reset your classcast password/i }).first();
		await openOutboxUntil(pageB, row);
		await row.getByRole('link', { name: /reset your classcast password/i }).click();
		await expect(pageB.getByRole('heading', { level: 1, name: /reset your classcast password/i })).toBeVisible();
		const link = pageB.getByRole('link', { name: /\/reset-password\?token=/ });
		resetUrl = (await link.getAttribute('href')) ?? '';
		expect(resetUrl).toMatch(/\/reset-password\?token=/);
		await link.click();
		await expect(pageB).toHaveURL(/\/reset-password\?token=/);
	});

	await test.step('choose a new password and land on the login page', async () => {
		await expect(pageB.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
		await pageB.getByLabel('New password', { exact: true }).fill(newPassword);
		await pageB.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
		await pageB.getByRole('button', { name: 'Save the new password' }).click();
		await expect(pageB).toHaveURL(/\/login\?reset=1$/);
		await expect(pageB.getByRole('status').filter({ hasText: 'Your password was changed' })).toBeVisible();
	});

	await test.step('log in on device B with the new password', async () => {
		await logIn(pageB, user.email, newPassword);
		await expect(pageB).toHaveURL(/\/home$/);
		await expect(pageB.getByRole('heading', { level: 1, name: 'Welcome, Reset' })).toBeVisible();
	});

	await test.step('the session on device A was revoked', async () => {
		await pageA.reload();
		await expect(pageA).toHaveURL(/\/login\?redirectTo=%2Fhome$/);
		await expect(pageA.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
	});

	await test.step('the old password is refused with the generic error', async () => {
		await logIn(pageA, user.username, user.password);
		await expect(pageA.getByRole('alert')).toContainText('Incorrect e-mail, username or password.');
		await expect(pageA).toHaveURL(/\/login/);
	});

	await test.step('the same reset link no longer works', async () => {
		// Opening the link only shows the form (a GET never spends or probes the token); the token is
		// checked when the form is sent, and a spent one turns the page into an error.
		await pageB.goto(resetUrl);
		await pageB.getByLabel('New password', { exact: true }).fill('Clarinet-Quintet-in-A-9');
		await pageB.getByLabel('Repeat the new password', { exact: true }).fill('Clarinet-Quintet-in-A-9');
		await pageB.getByRole('button', { name: 'Save the new password' }).click();
		await expect(pageB.getByRole('heading', { level: 1, name: 'This link doesn’t work' })).toBeVisible();
		await expect(pageB.getByRole('alert')).toContainText('This reset link is invalid, used or expired.');
		await expect(pageB.getByRole('link', { name: 'Send me a new link' })).toBeVisible();
	});

	await test.step('the refused second use leaves device B signed in', async () => {
		await pageB.goto('/home');
		await expect(pageB).toHaveURL(/\/home$/);
	});

	await contextA.close();
	await contextB.close();
});
