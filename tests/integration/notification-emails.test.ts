import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { jobDeps } from '../../server/jobs/deps';
import { sendNotificationEmails } from '../../src/lib/server/notifications/notifications.email';
import { insertVideo } from '../helpers/content';
import { eventually } from '../helpers/jobs';
import { jsonRequest } from '../helpers/relationships';
import { startTestApp, type TestApp } from '../helpers/app';
import { login, postJson, register, type SignedInUser } from '../helpers/users';

// Notification e-mails through a real SMTP server on loopback: batched per user, never for what
// was read, by preference, each with a signed one-click unsubscribe link that needs no session.

interface Received {
	to: string[];
	data: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let app: TestApp;

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const { port } = smtp.server.address() as AddressInfo;
	app = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, notifications: { emailDelayMinutes: 5 } });
}, 60_000);

afterAll(async () => {
	await app.stop();
	await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The mail's text as a reader sees it: quoted-printable soft breaks undone, `=3D` back to `=`. */
const decoded = (mail: Received) => mail.data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
/** The notification e-mails a user got (not the sign-up's verification mail). */
const mailsTo = (user: SignedInUser) => received.filter((m) => m.to.includes(user.email) && !m.data.includes('Subject: Confirm your e-mail'));

/** Signs up and verifies through the link in the verification mail the SMTP server received. */
async function signUpVerified(): Promise<SignedInUser> {
	const fields = await register(app);
	const mail = await eventually(() => received.find((m) => m.to.includes(fields.email)), 10_000, 'the verification mail');
	const token = /verify-email\?token=([a-z2-7]{52})/.exec(decoded(mail))?.[1];
	expect((await postJson(app, '/api/auth/verify-email', { token })).status).toBe(200);
	const session = await login(app, fields.username, fields.password);
	return { ...fields, user: session.user, token: session.token, auth: { authorization: `Bearer ${session.token}` } };
}

/** Runs the minute's e-mail step now (the cron's job), then waits for the mail jobs it wrote. */
async function runEmailStep(): Promise<number> {
	const sent = await sendNotificationEmails(jobDeps(app.ctx));
	await app.settleJobs();
	return sent;
}

/** Makes every waiting notification of the user old enough to be e-mailed. */
const age = (user: SignedInUser, minutes = 6) =>
	app.ctx.db
		.updateTable('notifications')
		.set({ created_at: sql<Date>`now() - ${minutes} * interval '1 minute'` })
		.where('user_id', '=', user.user.id)
		.execute();

async function share(owner: SignedInUser, reader: SignedInUser, title = 'Etude'): Promise<number> {
	const videoId = await insertVideo(app.ctx.db, owner.user.id);
	await app.ctx.db.updateTable('videos').set({ title }).where('id', '=', videoId).execute();
	expect((await jsonRequest(app, 'POST', `/api/videos/${videoId}/share`, owner.auth, { userId: reader.user.id })).status).toBe(201);
	return videoId;
}

function unsubscribeLink(mail: Received): URL {
	const header = /List-Unsubscribe: <([^>]+)>/.exec(decoded(mail).replace(/\r?\n\s+/g, ' '));
	if (!header) throw new Error('no List-Unsubscribe header');
	return new URL(header[1]!);
}

describe('notification e-mails', () => {
	it('waits the delay, then sends one e-mail listing what gathered, with links on the public origin', async () => {
		const [owner, reader] = [await signUpVerified(), await signUpVerified()];
		const first = await share(owner, reader, 'Minuet in G');
		const second = await share(owner, reader, 'Gavotte');
		expect(await runEmailStep()).toBe(0);
		expect(mailsTo(reader)).toHaveLength(0);

		await age(reader);
		await runEmailStep();
		const mails = await eventually(() => (mailsTo(reader).length ? mailsTo(reader) : undefined), 10_000, 'the e-mail');
		expect(mails).toHaveLength(1);
		const text = decoded(mails[0]!);
		expect(text).toContain('Subject: 2 new notifications on ClassCast');
		expect(text).toContain(`${app.url}/videos/${first}`);
		expect(text).toContain(`${app.url}/videos/${second}`);
		expect(text).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
		expect(unsubscribeLink(mails[0]!).origin).toBe(app.url);

		// Nothing is sent twice, and a new one within the window waits for it to pass.
		await share(owner, reader, 'Bourree');
		await age(reader);
		expect(await runEmailStep()).toBe(0);
		await app.ctx.db.updateTable('notification_email_state').set({ last_sent_at: sql<Date>`now() - interval '6 minutes'` }).where('user_id', '=', reader.user.id).execute();
		await runEmailStep();
		await eventually(() => (mailsTo(reader).length === 2 ? true : undefined), 10_000, 'the second e-mail');
		expect(decoded(mailsTo(reader)[1]!)).toContain('Bourree');
	});

	it('sends nothing for what was read before the e-mail went out', async () => {
		const [owner, reader] = [await signUpVerified(), await signUpVerified()];
		await share(owner, reader);
		expect((await app.fetch('/api/notifications/read-all', { method: 'PUT', headers: reader.auth })).status).toBe(200);
		await age(reader);
		expect(await runEmailStep()).toBe(0);
		const [row] = await app.ctx.db.selectFrom('notifications').select(['email_pending', 'emailed_at']).where('user_id', '=', reader.user.id).execute();
		expect(row).toEqual({ email_pending: false, emailed_at: null });
		expect(mailsTo(reader)).toHaveLength(0);
	});

	it('respects e-mail off, also when it was turned off while the notification waited', async () => {
		const [owner, reader, later] = [await signUpVerified(), await signUpVerified(), await signUpVerified()];
		await jsonRequest(app, 'PUT', '/api/notifications/preferences', reader.auth, { preferences: [{ type: 'video_shared', email: false }] });
		await share(owner, reader);
		await share(owner, later);
		await jsonRequest(app, 'PUT', '/api/notifications/preferences', later.auth, { preferences: [{ type: 'video_shared', email: false }] });
		await age(reader);
		await age(later);
		await runEmailStep();
		expect(mailsTo(reader)).toHaveLength(0);
		expect(mailsTo(later)).toHaveLength(0);
		// In-app is untouched.
		const page = (await (await app.fetch('/api/notifications', { headers: reader.auth })).json()) as { unreadCount: number };
		expect(page.unreadCount).toBe(1);
	});

	it('leaves out what the reader may no longer see', async () => {
		const [owner, reader] = [await signUpVerified(), await signUpVerified()];
		const kept = await share(owner, reader, 'Kept');
		const gone = await share(owner, reader, 'Unshared');
		expect((await app.fetch(`/api/videos/${gone}/share/${reader.user.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
		await age(reader);
		await runEmailStep();
		const [mail] = await eventually(() => (mailsTo(reader).length ? mailsTo(reader) : undefined), 10_000, 'the e-mail');
		const text = decoded(mail!);
		expect(text).toContain(`/videos/${kept}`);
		expect(text).not.toContain(`/videos/${gone}`);
		expect(text).not.toContain('Unshared');
	});

	it('unsubscribes with the link alone (GET confirms, POST stops), and refuses a tampered link', async () => {
		const [owner, reader] = [await signUpVerified(), await signUpVerified()];
		await share(owner, reader);
		await age(reader);
		await runEmailStep();
		const [mail] = await eventually(() => (mailsTo(reader).length ? mailsTo(reader) : undefined), 10_000, 'the e-mail');
		const link = unsubscribeLink(mail!);
		expect(link.searchParams.get('types')).toBe('video_shared');
		const path = `${link.pathname}${link.search}`;

		const page = await app.fetch(path);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('videos shared with you');
		const preference = async () =>
			((await (await app.fetch('/api/notifications/preferences', { headers: reader.auth })).json()) as { preferences: { type: string; email: boolean; inApp: boolean }[] }).preferences.find(
				(p) => p.type === 'video_shared'
			);
		expect((await preference())?.email).toBe(true);

		const tampered = new URL(link);
		tampered.searchParams.set('u', String(owner.user.id));
		const refused = await app.fetch(`${tampered.pathname}${tampered.search}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(refused.status).toBe(400);
		const forged = new URL(link);
		forged.searchParams.set('types', 'video_shared,comment');
		expect((await app.fetch(`${forged.pathname}${forged.search}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);

		// RFC 8058's one-click POST, as a mail client sends it: no session, no Origin.
		// (A browser's POST from the confirmation page carries Origin and goes to the page's action.)
		const done = await app.fetch(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
		expect(done.status).toBe(200);
		expect(await preference()).toMatchObject({ email: false, inApp: true });
		const fromPage = await app.fetch(path, { method: 'POST', headers: { origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
		expect(fromPage.status).toBe(200);
		expect(await fromPage.text()).toContain('You are unsubscribed');
		const ownersPrefs = (await (await app.fetch('/api/notifications/preferences', { headers: owner.auth })).json()) as { preferences: { type: string; email: boolean }[] };
		expect(ownersPrefs.preferences.find((p) => p.type === 'video_shared')?.email).toBe(true);

		// And the next share is not e-mailed.
		await share(owner, reader);
		await age(reader);
		await app.ctx.db.deleteFrom('notification_email_state').where('user_id', '=', reader.user.id).execute();
		await runEmailStep();
		expect(mailsTo(reader)).toHaveLength(1);
	});
});
