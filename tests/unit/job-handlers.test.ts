import { describe, expect, it } from 'bun:test';
import { jobDefinitions, type AppJobs } from '../../src/lib/server/jobs/definitions';
import { handlers } from '../../src/lib/server/jobs/handlers/index';
import { sendMail } from '../../src/lib/server/jobs/handlers/mail-send';
import { failureMessage } from '../../src/lib/server/jobs/queue';
import type { HandlerTable } from '../../src/lib/server/jobs/types';

describe('the job handler table', () => {
	it('has one handler for every job in the job map', () => {
		expect(Object.keys(handlers).sort()).toEqual(Object.keys(jobDefinitions).sort());
	});

	it('does not compile without a handler for every job (checked by bun run check)', () => {
		// @ts-expect-error: 'auth.purge-expired-credentials' has no handler
		const incomplete: HandlerTable<AppJobs> = { 'mail.send': sendMail };
		expect(Object.keys(incomplete)).toEqual(['mail.send']);
	});

	it('gives every job retries with a delay, a time limit, and a heartbeat for those that talk to other servers', () => {
		for (const { policy } of Object.values(jobDefinitions)) {
			expect(policy.retryLimit).toBeGreaterThan(0);
			expect(policy.retryDelay).toBeGreaterThan(0);
			expect(policy.expireInSeconds).toBeGreaterThan(0);
		}
		expect(jobDefinitions['mail.send'].policy.heartbeatSeconds).toBeGreaterThanOrEqual(10);
	});
});

describe('failureMessage', () => {
	it('reads a handler error and the supervisor’s timeout verdicts', () => {
		expect(failureMessage({ name: 'Error', message: 'ffprobe found no video stream' })).toBe('ffprobe found no video stream');
		expect(failureMessage({ value: { message: 'job heartbeat timeout' } })).toBe('job heartbeat timeout');
		expect(failureMessage(null)).toBe('unknown failure');
	});
});
