// Shared steps for the browser tests (not a test file: playwright collects only *.e2e.ts).
import { expect, type Locator, type Page } from '@playwright/test';

export interface TestUser {
	fullName: string;
	email: string;
	username: string;
	password: string;
	role: 'student' | 'teacher';
}

/** A user no earlier run has created: the e-mail and username carry a per-run stamp. */
export function uniqueUser(label: string, role: TestUser['role'] = 'student'): TestUser {
	const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
	return {
		fullName: `${label} Tester`,
		email: `${label.toLowerCase()}.${stamp}@example.test`,
		username: `${label.toLowerCase()}_${stamp}`,
		password: 'Bassoon-Rondo-in-F-7',
		role
	};
}

/** A 24×24 orange PNG, for the profile picture. */
export const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAH0lEQVQ4y2N4FcFDFcQwatCoQaMGjRo0atCoQQNvEAAbKu+fazTOLQAAAABJRU5ErkJggg==',
	'base64'
);

export async function fillSignUp(page: Page, user: TestUser): Promise<void> {
	await page.goto('/signup');
	await page.getByRole('radio', { name: user.role === 'teacher' ? /teacher/i : /student/i }).check();
	await page.getByLabel('Full name').fill(user.fullName);
	await page.getByLabel('E-mail').fill(user.email);
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
}

export async function signUp(page: Page, user: TestUser): Promise<void> {
	await fillSignUp(page, user);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/check-email\?email=/);
	await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
}

/** Opens /dev/outbox until `row` is listed: mail is sent by a job a moment after the answer. */
export async function openOutboxUntil(page: Page, row: Locator): Promise<void> {
	await expect(async () => {
		await page.goto('/dev/outbox');
		await expect(row).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 15_000 });
}

/** Opens the newest confirmation mail to the address in the dev outbox and follows its link. */
export async function confirmThroughOutbox(page: Page, email: string): Promise<void> {
	const row = page.getByRole('row').filter({ hasText: email }).first();
	await openOutboxUntil(page, row);
	await row.getByRole('link', { name: /confirm your e-mail/i }).click();
	await expect(page.getByRole('heading', { name: /confirm your e-mail/i })).toBeVisible();
	await page.getByRole('link', { name: /\/verify-email\?token=/ }).click();
	await expect(page).toHaveURL(/\/verify-email\?token=/);
	await page.getByRole('button', { name: 'Confirm my e-mail' }).click();
	await expect(page).toHaveURL(/\/login\?verified=1/);
	await expect(page.getByRole('status').filter({ hasText: 'Your e-mail is confirmed' })).toBeVisible();
}

export async function logIn(page: Page, login: string, password: string): Promise<void> {
	await page.getByLabel('E-mail or username').fill(login);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** Signs the user up and confirms the address; ends on the login page. */
export async function signUpVerified(page: Page, user: TestUser): Promise<void> {
	await signUp(page, user);
	await confirmThroughOutbox(page, user.email);
}

/** Waits until the page is hydrated: the password field's show/hide toggle appears only then. */
export async function waitForHydration(page: Page): Promise<void> {
	await expect(page.getByRole('button', { name: 'Show password' }).first()).toBeVisible();
}

/** Whether the element is the one with focus. */
export const isFocused = (target: Locator): Promise<boolean> => target.evaluate((el) => el === document.activeElement);

/**
 * Presses Tab (Shift+Tab with `backwards`) until the target has focus, at most `max` times;
 * returns the number of presses. Fails if the target is never reached.
 */
export async function tabUntil(page: Page, target: Locator, options: { max?: number; backwards?: boolean } = {}): Promise<number> {
	const { max = 20, backwards = false } = options;
	const key = backwards ? 'Shift+Tab' : 'Tab';
	for (let presses = 1; presses <= max; presses++) {
		await page.keyboard.press(key);
		if (await isFocused(target)) return presses;
	}
	throw new Error(`${key} did not reach ${target} within ${max} presses`);
}

/** Whether the element draws a focus indicator: a non-'none' outline or box-shadow. */
export const hasVisibleFocusStyle = (target: Locator): Promise<boolean> =>
	target.evaluate((el) => {
		const style = getComputedStyle(el);
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
		return outline || style.boxShadow !== 'none';
	});
