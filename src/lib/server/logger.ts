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

/** The process logger; `destination` replaces stdout (tests capture lines with it). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
	const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'classcast' } };
	return destination ? pino(options, destination) : pino(options);
}
