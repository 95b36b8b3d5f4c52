import pino, { type Logger } from 'pino';

export type { Logger };

// Anything that may carry a secret is removed before a line is written.
const REDACT = [
	'password',
	'*.password',
	'token',
	'*.token',
	'authorization',
	'*.authorization',
	'cookie',
	'*.cookie',
	'headers.authorization',
	'headers.cookie'
];

export function createLogger(level: string): Logger {
	return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'classcast' } });
}
