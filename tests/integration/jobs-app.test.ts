import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { jobDeps } from '../../server/jobs/deps';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { eventually, jobReaches, jobState } from '../helpers/jobs';
import { login, signUpVerified } from '../helpers/users';

const mail = (to: string) => ({ to, subject: 'A job-sent mail', text: 'Sent by the job queue.' });

describe('WORKER=inline (the default)', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp();
	});
	afterAll(() => app.stop());

	it('runs a job enqueued by the web process in the same process', async () => {
		const id = await app.ctx.jobs.enqueue(app.ctx.db, 'mail.send', mail('inline@example.com'));
		await jobReaches(app.ctx.jobs.boss, 'mail.send', id!, 'completed');
		expect(app.outbox.latestTo('inline@example.com')?.subject).toBe('A job-sent mail');
	});

	it('creates each queue with exponential backoff and the dead-letter queue for its final failure', async () => {
		const queue = await app.ctx.jobs.boss.getQueue('mail.send');
		expect(queue).toMatchObject({ retryBackoff: true, deadLetter: 'jobs.dead-letter', heartbeatSeconds: 10, retryLimit: 8 });
	});

	it('schedules the credential purge once an hour, on the hour', async () => {
		const schedules = await app.ctx.jobs.boss.getSchedules('auth.purge-expired-credentials');
		expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['0 * * * *', 'UTC']]);
	});

	it('purges expired sessions when the purge job runs', async () => {
		const user = await signUpVerified(app);
		const stale = await login(app, user.username, user.password);
		await app.ctx.db
			.updateTable('sessions')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('id', '=', hashToken(stale.token))
			.execute();
		const id = await app.ctx.jobs.enqueue(app.ctx.db, 'auth.purge-expired-credentials', {});
		await jobReaches(app.ctx.jobs.boss, 'auth.purge-expired-credentials', id!, 'completed');
		const sessions = await app.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.user.id).execute();
		expect(sessions.map((s) => s.id)).toEqual([hashToken(user.token)]);
	});
});

describe('WORKER=off', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp({ worker: 'off' });
	});
	afterAll(() => app.stop());

	it('enqueues jobs without running them, and a worker picks them up later', async () => {
		const id = await app.ctx.jobs.enqueue(app.ctx.db, 'mail.send', mail('later@example.com'));
		// Longer than a consumer's polling interval: nothing here consumes the queue.
		await Bun.sleep(3000);
		expect(await jobState(app.ctx.jobs.boss, 'mail.send', id!)).toBe('created');
		expect(app.outbox.latestTo('later@example.com')).toBeUndefined();

		// What `bun run worker` does on another machine, here on this node's context.
		await app.ctx.jobs.work(jobDeps(app.ctx));
		await jobReaches(app.ctx.jobs.boss, 'mail.send', id!, 'completed');
		await eventually(() => app.outbox.latestTo('later@example.com'), 5000, 'the mail');
	});
});
