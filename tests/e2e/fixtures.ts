// The `test` every browser test uses: Playwright's, with a page that fails its test when the
// Content-Security-Policy blocks anything, so a policy that breaks a page cannot pass unnoticed.
import { expect, test as base } from '@playwright/test';

export { expect };

declare global {
	interface Window {
		__cspViolations?: string[];
	}
}

export const test = base.extend<{ cspGuard: void }>({
	cspGuard: [
		async ({ page }, use) => {
			const violations: string[] = [];
			page.on('console', (message) => {
				if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
			});
			await page.addInitScript(() => {
				window.__cspViolations = [];
				document.addEventListener('securitypolicyviolation', (event) => {
					window.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
				});
			});
			await use();
			const inPage = await page.evaluate(() => window.__cspViolations ?? []).catch(() => [] as string[]);
			expect([...violations, ...inPage], 'Content-Security-Policy violations').toEqual([]);
		},
		{ auto: true }
	]
});
