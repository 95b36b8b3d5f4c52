import { expect, test } from './fixtures';
import { hasVisibleFocusStyle, isFocused, signUpVerified, tabUntil, uniqueUser, waitForHydration } from './support';

test('log in, recover from a wrong password and log out with the keyboard alone', async ({ page }) => {
	const user = uniqueUser('Keys');
	await signUpVerified(page, user);

	const loginField = page.getByLabel('E-mail or username');
	const passwordField = page.getByLabel('Password', { exact: true });
	const submit = page.getByRole('button', { name: 'Log in', exact: true });

	await test.step('the first Tab reaches the skip link, with a visible focus ring', async () => {
		await page.goto('/login');
		await waitForHydration(page);
		await page.keyboard.press('Tab');
		const skipLink = page.getByRole('link', { name: 'Skip to content' });
		await expect(skipLink).toBeFocused();
		await expect(skipLink).toBeVisible();
		expect(await hasVisibleFocusStyle(skipLink)).toBe(true);
	});

	await test.step('Tab reaches the login field, the password field and the submit button in that order', async () => {
		const targets = { login: loginField, password: passwordField, submit };
		// What to type in each field on the way (a wrong password, for the next step).
		const typing: Record<string, string> = { login: user.username, password: 'not-the-right-password' };
		const order: string[] = [];
		for (let presses = 0; presses < 15 && order.length < 3; presses++) {
			await page.keyboard.press('Tab');
			for (const [name, target] of Object.entries(targets)) {
				if (await isFocused(target)) {
					order.push(name);
					expect(await hasVisibleFocusStyle(target), `${name} shows its focus`).toBe(true);
					if (typing[name]) await page.keyboard.type(typing[name]);
				}
			}
		}
		expect(order).toEqual(['login', 'password', 'submit']);
		await expect(loginField).toHaveValue(user.username);
	});

	await test.step('Enter in the password field sends the form; a wrong password is announced', async () => {
		await tabUntil(page, passwordField, { backwards: true, max: 5 });
		await page.keyboard.press('Enter');

		const alert = page.getByRole('alert');
		await expect(alert).toContainText('Incorrect e-mail, username or password.');
		await expect(page).toHaveURL(/\/login$/);
		// The message names no field on purpose (it must not tell which part was wrong), so the
		// error summary around the alert takes the focus; with a field error it would be the field.
		await expect
			.poll(() =>
				page.evaluate(() => {
					const active = document.activeElement;
					if (!active || active === document.body) return 'nothing';
					if (active.querySelector('[role="alert"]')) return 'summary';
					if (active.getAttribute('aria-invalid') === 'true') return `field ${active.id}`;
					return `${active.tagName.toLowerCase()}#${active.id}`;
				})
			)
			.toBe('summary');
	});

	await test.step('from the summary, Tab leads back into the form to try again', async () => {
		await page.keyboard.press('Tab');
		await expect(loginField).toBeFocused();
		await expect(loginField).toHaveValue(user.username);
		await page.keyboard.press('Tab');
		await expect(passwordField).toBeFocused();
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type(user.password);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/home$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Keys' })).toBeVisible();
	});

	await test.step('open the user menu and log out with the keyboard', async () => {
		const menu = page.getByLabel(`Account menu for ${user.fullName}`);
		const logOut = page.getByRole('button', { name: 'Log out' });
		await tabUntil(page, menu);
		expect(await hasVisibleFocusStyle(menu)).toBe(true);
		await expect(logOut).toBeHidden();
		await page.keyboard.press('Enter');
		await expect(logOut).toBeVisible();

		await tabUntil(page, logOut, { max: 5 });
		await expect(logOut).toBeVisible();
		expect(await hasVisibleFocusStyle(logOut)).toBe(true);
		await page.keyboard.press('Enter');

		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByRole('link', { name: 'Sign up' }).first()).toBeVisible();
		await page.goto('/home');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhome$/);
	});
});
