import nodemailer from 'nodemailer';
import type { Logger } from '../logger';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	html?: string;
	/** Extra headers, e.g. List-Unsubscribe. */
	headers?: Record<string, string>;
}

export interface OutboxEntry extends MailMessage {
	id: number;
	sentAt: Date;
}

/** Sends mail. Two implementations: SMTP (nodemailer) and the dev outbox. */
export interface Mailer {
	send(message: MailMessage): Promise<void>;
	/** Only the dev outbox keeps what it sent; SMTP returns undefined. */
	readonly outbox?: Outbox;
}

/** The newest mails, kept in memory for /dev/outbox and tests. */
export class Outbox {
	#entries: OutboxEntry[] = [];
	#nextId = 1;
	constructor(private readonly limit = 200) {}

	add(message: MailMessage): OutboxEntry {
		const entry = { ...message, id: this.#nextId++, sentAt: new Date() };
		this.#entries.unshift(entry);
		this.#entries.length = Math.min(this.#entries.length, this.limit);
		return entry;
	}
	list(): readonly OutboxEntry[] {
		return this.#entries;
	}
	get(id: number): OutboxEntry | undefined {
		return this.#entries.find((e) => e.id === id);
	}
	/** The newest mail to an address, optionally matching a subject. */
	latestTo(to: string, subject?: RegExp): OutboxEntry | undefined {
		const address = to.toLowerCase();
		return this.#entries.find((e) => e.to.toLowerCase() === address && (!subject || subject.test(e.subject)));
	}
}

export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
	const { smtpUrl, from, logger } = options;
	if (smtpUrl) {
		const transport = nodemailer.createTransport(smtpUrl);
		return {
			async send(message) {
				await transport.sendMail({ from, ...message });
				logger.info({ to: message.to, subject: message.subject }, 'mail sent');
			}
		};
	}
	const outbox = new Outbox();
	return {
		outbox,
		async send(message) {
			const entry = outbox.add(message);
			// The body holds single-use links, so only the envelope is logged.
			logger.info({ to: message.to, subject: message.subject, outboxId: entry.id }, 'mail kept in dev outbox');
		}
	};
}
