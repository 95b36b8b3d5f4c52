import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
	.transform((v) => v === '1' || v === 'true' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();

/** STUN/TURN servers for co-review voice, as the browser's RTCIceServer list. */
const iceServer = z
	.object({
		urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
		username: z.string().optional(),
		credential: z.string().optional()
	})
	.strict();
const iceServers = z
	.string()
	.transform((text, ctx) => {
		if (text.trim() === '') return [];
		try {
			return JSON.parse(text) as unknown;
		} catch {
			ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]' });
			return z.NEVER;
		}
	})
	.pipe(z.array(iceServer).max(10));

const envSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATA_DIR: z.string().default('./data'),
	DATABASE_URL: z.string().optional(),
	REDIS_URL: z.string().optional(),
	REDIS_KEY_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/).default('classcast'),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('ClassCast <no-reply@classcast.local>'),
	MAIL_MAX_PER_RECIPIENT: positiveInt.default(5),
	SECRET_KEY: z
		.string()
		.refine((v) => v === '' || v.length >= 32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
		.optional(),
	TRUST_PROXY: flag.default(false),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	WORKER: z.enum(['inline', 'off']).default('inline'),
	JOBS_SUPERVISE_SECONDS: positiveInt.max(3600).default(30),
	LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
	LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
	REGISTER_MAX_PER_IP: positiveInt.default(20),
	RESET_MAX_PER_IP: positiveInt.default(10),
	COMMENT_MAX_PER_BURST: positiveInt.default(20),
	COMMENT_MAX_PER_MINUTE: positiveInt.default(60),
	UPLOAD_MAX_PER_HOUR: positiveInt.default(60),
	MESSAGE_MAX_PER_BURST: positiveInt.default(20),
	MESSAGE_MAX_PER_MINUTE: positiveInt.default(60),
	NOTIFICATION_EMAIL_DELAY_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(5),
	S3_BUCKET: z.string().optional(),
	S3_ENDPOINT: z.union([z.url(), z.literal('')]).optional(),
	S3_REGION: z.string().default('us-east-1'),
	S3_ACCESS_KEY_ID: z.string().optional(),
	S3_SECRET_ACCESS_KEY: z.string().optional(),
	S3_FORCE_PATH_STYLE: flag.default(false),
	UPLOAD_MAX_BYTES: positiveInt.default(2 * 1024 * 1024 * 1024),
	ICE_SERVERS: iceServers.default([])
});

/** Every setting ClassCast reads, parsed once from the environment at start. */
export interface Config {
	env: 'development' | 'production' | 'test';
	port: number;
	host: string;
	/** Public origin (e.g. https://classcast.example). When unset it is derived per request. */
	origin: string | undefined;
	dataDir: string;
	databaseUrl: string | undefined;
	redisUrl: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	/** Honour X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of us. */
	trustProxy: boolean;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	worker: 'inline' | 'off';
	jobs: {
		/** How often a job-running process fails expired attempts and those whose worker died. */
		superviseSeconds: number;
	};
	rateLimits: {
		loginFailuresPerAccount: number;
		loginFailuresPerIp: number;
		registrationsPerIp: number;
		resetRequestsPerIp: number;
		/** Verification and reset e-mails per recipient per hour; beyond it they are dropped silently. */
		mailsPerRecipient: number;
		/** Comments and replies a user may post within 10 seconds, and within a minute. */
		commentsPerBurst: number;
		commentsPerMinute: number;
		/** Uploads started per user per hour (tus creations and multipart videos): disk is not free. */
		uploadsPerHour: number;
		/** Messages a user may send within 10 seconds, and within a minute. */
		messagesPerBurst: number;
		messagesPerMinute: number;
	};
	/**
	 * Signs device cookies. Required in production; elsewhere, when unset, one is generated once
	 * and kept in DATA_DIR so that cookies survive a restart.
	 */
	secretKey: string | undefined;
	/** Prefix for every shared key (Redis), so that several deployments or tests can share one server. */
	keyPrefix: string;
	/** The S3-compatible bucket media is stored in; undefined stores it under DATA_DIR/media. */
	s3: S3Config | undefined;
	/** The largest video upload accepted (tus and multipart), in bytes. */
	uploadMaxBytes: number;
	notifications: {
		/**
		 * A notification waits this long for the user's next e-mail, and e-mails to one user are
		 * at least this far apart: what arrives in between goes into one e-mail.
		 */
		emailDelayMinutes: number;
	};
	/** STUN/TURN servers handed to co-review pages for voice (RTCIceServer list); [] = host candidates only. */
	iceServers: IceServer[];
}

export interface IceServer {
	urls: string | string[];
	username?: string;
	credential?: string;
}

export interface S3Config {
	bucket: string;
	endpoint: string | undefined;
	region: string;
	accessKeyId: string | undefined;
	secretAccessKey: string | undefined;
	forcePathStyle: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ConfigError(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
	}
	const e = parsed.data;
	if (e.NODE_ENV === 'production') {
		// Without SMTP, mail would go to the dev outbox, which production hides: nobody could verify.
		if (!e.SMTP_URL)
			throw new ConfigError('Invalid configuration: SMTP_URL is required when NODE_ENV=production (e.g. smtps://user:pass@smtp.example.com:465).');
		if (!e.SECRET_KEY)
			throw new ConfigError('Invalid configuration: SECRET_KEY is required when NODE_ENV=production (at least 32 characters, e.g. openssl rand -hex 32).');
	}
	return {
		env: e.NODE_ENV,
		port: e.PORT,
		host: e.HOST,
		origin: e.ORIGIN,
		dataDir: resolve(e.DATA_DIR),
		databaseUrl: e.DATABASE_URL || undefined,
		redisUrl: e.REDIS_URL || undefined,
		smtpUrl: e.SMTP_URL || undefined,
		mailFrom: e.MAIL_FROM,
		trustProxy: e.TRUST_PROXY,
		logLevel: e.LOG_LEVEL,
		worker: e.WORKER,
		secretKey: e.SECRET_KEY || undefined,
		jobs: { superviseSeconds: e.JOBS_SUPERVISE_SECONDS },
		notifications: { emailDelayMinutes: e.NOTIFICATION_EMAIL_DELAY_MINUTES },
		rateLimits: {
			mailsPerRecipient: e.MAIL_MAX_PER_RECIPIENT,
			loginFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
			loginFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
			registrationsPerIp: e.REGISTER_MAX_PER_IP,
			resetRequestsPerIp: e.RESET_MAX_PER_IP,
			commentsPerBurst: e.COMMENT_MAX_PER_BURST,
			commentsPerMinute: e.COMMENT_MAX_PER_MINUTE,
			uploadsPerHour: e.UPLOAD_MAX_PER_HOUR,
			messagesPerBurst: e.MESSAGE_MAX_PER_BURST,
			messagesPerMinute: e.MESSAGE_MAX_PER_MINUTE
		},
		keyPrefix: e.REDIS_KEY_PREFIX,
		s3: e.S3_BUCKET
			? {
					bucket: e.S3_BUCKET,
					endpoint: e.S3_ENDPOINT || undefined,
					region: e.S3_REGION,
					accessKeyId: e.S3_ACCESS_KEY_ID || undefined,
					secretAccessKey: e.S3_SECRET_ACCESS_KEY || undefined,
					forcePathStyle: e.S3_FORCE_PATH_STYLE
				}
			: undefined,
		uploadMaxBytes: e.UPLOAD_MAX_BYTES,
		iceServers: e.ICE_SERVERS
	};
}
