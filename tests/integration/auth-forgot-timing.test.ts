// Forgot-password must not tell, by how long it takes, whether an address has an account: the
// reset mail is a job, so a slow mail server delays the mail and never the answer.
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../helpers/app';
import { eventually } from '../helpers/jobs';
import { register } from '../helpers/users';

const SLOW_SMTP_MS = 400;
const ROUNDS = 7;

let smtp: SMTPServer;
let app: TestApp;
const delivered: string[] = [];

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			stream.resume();
			stream.on('end', () => {
				setTimeout(() => {
					delivered.push(session.envelope.rcptTo.map((r) => r.address).join(','));
					callback();
				}, SLOW_SMTP_MS);
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const { port } = smtp.server.address() as AddressInfo;
	app = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, rateLimits: { resetRequestsPerIp: 1000 } });
}, 30_000);

afterAll(async () => {
	await app.stop();
	await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Milliseconds until forgot-password answers (a plain fetch: no waiting for jobs). */
async function timeForgot(email: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${app.url}/api/auth/forgot-password`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email })
	});
	expect(response.status).toBe(202);
	await response.arrayBuffer();
	return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('forgot-password timing', () => {
	it('answers a known and an unknown address in the same time, even with a slow mail server', async () => {
		// One account per round, so no per-recipient cap changes what a round does.
		const accounts: { email: string }[] = [];
		for (let i = 0; i < ROUNDS; i++) accounts.push(await register(app));
		await timeForgot('warm-up@example.com');

		const known: number[] = [];
		const unknown: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			known.push(await timeForgot(accounts[i]!.email));
			unknown.push(await timeForgot(`nobody-${i}@example.com`));
		}
		// Generous: mailing inline would add the mail server's whole delay to every known address.
		expect(Math.abs(median(known) - median(unknown))).toBeLessThan(SLOW_SMTP_MS / 4);

		// The mails still go out, after the answers.
		const resetMails = await eventually(() => {
			const resets = delivered.filter((to) => accounts.some((a) => a.email === to));
			// Each account also got its verification mail at sign-up.
			return resets.length >= ROUNDS * 2 ? resets : undefined;
		}, 20_000, 'the reset mails');
		expect(resetMails.length).toBe(ROUNDS * 2);
		expect(delivered.some((to) => to.startsWith('nobody-'))).toBe(false);
	}, 60_000);
});
