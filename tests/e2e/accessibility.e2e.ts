import { expectNoViolations } from './axe-support';
import { expect, test } from './fixtures';
import { logIn, signUpVerified, uniqueUser } from './support';

// Automated WCAG 2.1 A/AA checks (axe-core) on every page a new user meets, light and dark.
// Automated checks find a subset of problems; keyboard.e2e.ts covers keyboard use by hand.
// (relationships.e2e.ts checks the progress pages with a chart and the teacher's entry form.)

// Each run walks about a dozen pages with axe: allow more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

const publicPages = ['/', '/signup', '/login', '/forgot-password', '/check-email?email=someone%40example.test'];
const signedInPages = ['/home', '/profile', '/teachers', '/videos', '/messages', '/relationships/teachers', '/progress'];

for (const scheme of ['light', 'dark'] as const) {
	test(`pages pass automated accessibility checks (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		for (const path of publicPages) {
			await page.goto(path);
			await expectNoViolations(page, path);
		}
		// A form with errors: the error styles must keep their contrast too.
		await page.goto('/signup');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByRole('alert').first()).toBeVisible();
		await expectNoViolations(page, '/signup with errors');

		const user = uniqueUser(`Axe${scheme}`);
		await signUpVerified(page, user);
		await logIn(page, user.username, user.password);
		await expect(page).toHaveURL(/\/home$/);
		for (const path of signedInPages) {
			await page.goto(path);
			await expectNoViolations(page, path);
		}
	});
}
