import { describe, expect, it } from 'bun:test';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/lib/server/config';

const PRODUCTION_SECRET = 'f'.repeat(64);

describe('loadConfig', () => {
	it('applies the defaults to an empty environment', () => {
		const config = loadConfig({});
		expect(config).toMatchObject({
			env: 'development',
			port: 3000,
			host: '0.0.0.0',
			worker: 'inline',
			jobs: { superviseSeconds: 30 },
			logLevel: 'info',
			trustProxy: false,
			keyPrefix: 'classcast',
			rateLimits: {
				loginFailuresPerAccount: 5,
				loginFailuresPerIp: 50,
				registrationsPerIp: 20,
				resetRequestsPerIp: 10,
				mailsPerRecipient: 5,
				commentsPerBurst: 20,
				commentsPerMinute: 60,
				uploadsPerHour: 60
			}
		});
		expect(config.secretKey).toBeUndefined();
		expect(config.databaseUrl).toBeUndefined();
		expect(config.redisUrl).toBeUndefined();
		expect(config.smtpUrl).toBeUndefined();
		expect(config.origin).toBeUndefined();
	});

	it('reads ICE_SERVERS as a JSON list of RTCIceServer, none by default, and refuses anything else', () => {
		expect(loadConfig({}).iceServers).toEqual([]);
		expect(loadConfig({ ICE_SERVERS: '' }).iceServers).toEqual([]);
		const servers = [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' }];
		expect(loadConfig({ ICE_SERVERS: JSON.stringify(servers) }).iceServers).toEqual(servers);
		expect(() => loadConfig({ ICE_SERVERS: 'stun:stun.example.org' })).toThrow(/ICE_SERVERS: must be JSON/);
		expect(() => loadConfig({ ICE_SERVERS: '[{"url":"stun:x"}]' })).toThrow(/ICE_SERVERS/);
		expect(() => loadConfig({ ICE_SERVERS: '{"urls":"stun:x"}' })).toThrow(/ICE_SERVERS/);
	});

	it('resolves DATA_DIR to an absolute path', () => {
		expect(isAbsolute(loadConfig({}).dataDir)).toBe(true);
		expect(loadConfig({}).dataDir).toBe(resolve('./data'));
		expect(loadConfig({ DATA_DIR: 'some/where' }).dataDir).toBe(resolve('some/where'));
	});

	it('treats an empty DATABASE_URL, REDIS_URL or SMTP_URL as unset', () => {
		const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' });
		expect(config.databaseUrl).toBeUndefined();
		expect(config.redisUrl).toBeUndefined();
		expect(config.smtpUrl).toBeUndefined();
	});

	it('reads the values it is given', () => {
		const config = loadConfig({
			NODE_ENV: 'production',
			SMTP_URL: 'smtp://mail.example.com:587',
			SECRET_KEY: PRODUCTION_SECRET,
			PORT: '8080',
			DATABASE_URL: 'postgres://db/classcast',
			TRUST_PROXY: 'yes',
			WORKER: 'off',
			LOG_LEVEL: 'warn',
			LOGIN_MAX_FAILURES_PER_ACCOUNT: '7',
			MAIL_MAX_PER_RECIPIENT: '3',
			JOBS_SUPERVISE_SECONDS: '5'
		});
		expect(config).toMatchObject({
			env: 'production',
			port: 8080,
			databaseUrl: 'postgres://db/classcast',
			trustProxy: true,
			worker: 'off',
			logLevel: 'warn'
		});
		expect(config.rateLimits.loginFailuresPerAccount).toBe(7);
		expect(config.rateLimits.mailsPerRecipient).toBe(3);
		expect(config.jobs.superviseSeconds).toBe(5);
		expect(config.secretKey).toBe(PRODUCTION_SECRET);
		expect(config.smtpUrl).toBe('smtp://mail.example.com:587');
	});

	it('refuses to start in production without SMTP_URL, saying so', () => {
		const env = { NODE_ENV: 'production', SECRET_KEY: PRODUCTION_SECRET };
		expect(() => loadConfig(env)).toThrow(ConfigError);
		expect(() => loadConfig(env)).toThrow(/SMTP_URL is required when NODE_ENV=production/);
		expect(() => loadConfig({ ...env, SMTP_URL: '' })).toThrow(/SMTP_URL is required/);
		// Outside production the dev outbox stands in.
		expect(loadConfig({ NODE_ENV: 'test' }).smtpUrl).toBeUndefined();
	});

	it('refuses to start in production without SECRET_KEY, saying so', () => {
		const env = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.com:587' };
		expect(() => loadConfig(env)).toThrow(/SECRET_KEY is required when NODE_ENV=production/);
		expect(() => loadConfig({ ...env, SECRET_KEY: '' })).toThrow(/SECRET_KEY is required/);
	});

	it('refuses a short SECRET_KEY without echoing it', () => {
		let message = '';
		try {
			loadConfig({ SECRET_KEY: 'hunter2-is-short' });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('SECRET_KEY');
		expect(message).not.toContain('hunter2');
	});

	const invalid: [string, Record<string, string>][] = [
		['PORT', { PORT: 'eighty' }],
		['PORT', { PORT: '70000' }],
		['PORT', { PORT: '-1' }],
		['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
		['NODE_ENV', { NODE_ENV: 'staging' }],
		['WORKER', { WORKER: 'separate' }],
		['JOBS_SUPERVISE_SECONDS', { JOBS_SUPERVISE_SECONDS: '0' }],
		['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
		['REDIS_KEY_PREFIX', { REDIS_KEY_PREFIX: 'has space' }],
		['LOGIN_MAX_FAILURES_PER_IP', { LOGIN_MAX_FAILURES_PER_IP: '0' }],
		['MAIL_MAX_PER_RECIPIENT', { MAIL_MAX_PER_RECIPIENT: '-2' }]
	];
	for (const [variable, env] of invalid) {
		it(`throws a ConfigError naming ${variable} for ${JSON.stringify(env[variable])}`, () => {
			expect(() => loadConfig(env)).toThrow(ConfigError);
			expect(() => loadConfig(env)).toThrow(variable);
		});
	}
});
