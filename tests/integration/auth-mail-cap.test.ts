import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { postJson, register, signUpVerified } from '../helpers/users';

// Reset and verification mails are capped per recipient and hour, so nobody can flood an inbox
// through the forms. Past the cap the answer does not change: it must not tell a stranger anything.

let app: TestApp;
beforeAll(async () => {
	// The address limit is raised so that only the recipient cap is in play.
	app = await startTestApp({ rateLimits: { mailsPerRecipient: 3, resetRequestsPerIp: 1000 } });
});
afterAll(() => app.stop());

const mailsTo = (address: string, subject: RegExp) =>
	app.outbox.list().filter((m) => m.to === address && subject.test(m.subject)).length;

describe('per-recipient mail cap', () => {
	it('sends at most the cap of reset mails to one address, answering 202 every time with the same body', async () => {
		const user = await signUpVerified(app);
		const unknown = await postJson(app, '/api/auth/forgot-password', { email: `nobody-${user.email}` });
		const expected = await unknown.json();
		for (let i = 0; i < 6; i++) {
			const response = await postJson(app, '/api/auth/forgot-password', { email: user.email });
			expect(response.status).toBe(202);
			expect(await response.json()).toEqual(expected);
		}
		// The verification mail of the sign-up counted too: 1 + 2 resets reach the cap of 3.
		expect(mailsTo(user.email, /reset/i)).toBe(2);
	});

	it('counts verification mails, the one sent at sign-up included', async () => {
		const account = await register(app);
		for (let i = 0; i < 5; i++) {
			expect((await postJson(app, '/api/auth/resend-verification', { email: account.email })).status).toBe(202);
		}
		expect(mailsTo(account.email, /confirm/i)).toBe(3);
	});

	it('keeps the last link that was mailed working when a request is dropped', async () => {
		const user = await signUpVerified(app);
		await postJson(app, '/api/auth/forgot-password', { email: user.email });
		await postJson(app, '/api/auth/forgot-password', { email: user.email });
		const last = app.outbox.latestTo(user.email, /reset/i)!;
		await postJson(app, '/api/auth/forgot-password', { email: user.email });
		expect(app.outbox.latestTo(user.email, /reset/i)!.id).toBe(last.id);
		const token = last.text.match(/reset-password\?token=([a-z2-7]+)/)![1];
		expect((await postJson(app, '/api/auth/reset-password', { token, password: 'Viola-da-gamba-consort-3' })).status).toBe(200);
	});

	it('caps each recipient on its own', async () => {
		const first = await signUpVerified(app);
		const second = await signUpVerified(app);
		for (let i = 0; i < 4; i++) await postJson(app, '/api/auth/forgot-password', { email: first.email });
		await postJson(app, '/api/auth/forgot-password', { email: second.email });
		expect(mailsTo(first.email, /reset/i)).toBe(2);
		expect(mailsTo(second.email, /reset/i)).toBe(1);
	});
});
