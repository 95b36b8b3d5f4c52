import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { newUserFields, postJson } from '../helpers/users';

// The outbox holds live verification and reset links: whoever reads it can take over accounts.
describe('/dev/outbox', () => {
	let local: TestApp;
	let proxied: TestApp;
	let production: TestApp;
	beforeAll(async () => {
		[local, proxied, production] = await Promise.all([
			startTestApp(),
			startTestApp({ trustProxy: true }),
			startTestApp({ env: 'production' })
		]);
	});
	afterAll(() => Promise.all([local.stop(), proxied.stop(), production.stop()]));

	it('lists the mails to a developer on the same machine', async () => {
		const fields = newUserFields();
		await postJson(local, '/api/auth/register', fields);
		const page = await local.fetch('/dev/outbox');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(fields.email);
	});

	it('is not found from another machine, even outside production', async () => {
		const fields = newUserFields();
		await postJson(proxied, '/api/auth/register', fields, { 'x-forwarded-for': '198.51.100.7' });
		const remote = await proxied.fetch('/dev/outbox', { headers: { 'x-forwarded-for': '198.51.100.7' } });
		expect(remote.status).toBe(404);
		const mail = await proxied.fetch('/dev/outbox/1', { headers: { 'x-forwarded-for': '198.51.100.7' } });
		expect(mail.status).toBe(404);
		expect(await mail.text()).not.toContain('verify-email?token=');
		const local = await proxied.fetch('/dev/outbox', { headers: { 'x-forwarded-for': '127.0.0.1' } });
		expect(local.status).toBe(200);
	});

	it('is not found in production', async () => {
		await postJson(production, '/api/auth/register', newUserFields());
		expect((await production.fetch('/dev/outbox')).status).toBe(404);
		expect((await production.fetch('/dev/outbox/1')).status).toBe(404);
	});
});
