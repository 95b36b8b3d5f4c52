import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../helpers/app';
import { newUserFields, postJson } from '../helpers/users';

interface Received {
	from: string;
	to: string[];
	data: string;
}

// A real SMTP server on loopback: the mail goes through nodemailer and the SMTP protocol.
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
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					data: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const { port } = smtp.server.address() as AddressInfo;
	app = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'ClassCast <hello@classcast.test>' });
});

afterAll(async () => {
	await app.stop();
	await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('mail over SMTP (SMTP_URL set)', () => {
	it('sends the verification mail through the SMTP server instead of the dev outbox', async () => {
		const fields = newUserFields();
		expect((await postJson(app, '/api/auth/register', fields)).status).toBe(201);
		const mail = received.find((m) => m.to.includes(fields.email));
		expect(mail?.from).toBe('hello@classcast.test');
		expect(mail?.data).toContain('Subject: Confirm your e-mail for ClassCast');
		// Quoted-printable may fold long lines; unfold before looking for the link.
		const body = mail!.data.replace(/=\r?\n/g, '');
		expect(body).toMatch(new RegExp(`${app.url}/verify-email\\?token=3D[a-z2-7]{52}|${app.url}/verify-email\\?token=[a-z2-7]{52}`));
		expect(app.ctx.mailer.outbox).toBeUndefined();
	});

	it('does not offer /dev/outbox when mail really goes out', async () => {
		expect((await app.fetch('/dev/outbox')).status).toBe(404);
	});
});
