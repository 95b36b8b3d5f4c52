import type { AppContext } from '../context';
import type { Database } from '../db/database';
import type { EmailTokenPurpose, UserRow } from '../db/schema';
import type { MailMessage } from '../mail/mailer';
import { resetPasswordMail, verificationMail } from '../mail/templates';
import { insertEmailToken, retireEmailTokens } from './auth.repository';
import { tryConsumePoint } from './rate-limits';
import { generateToken, hashToken } from './tokens';

export const VERIFY_HOURS = 24;
const RESET_MS = 60 * 60 * 1000;
const LIFETIME_MS: Record<EmailTokenPurpose, number> = {
	verify_email: VERIFY_HOURS * 60 * 60 * 1000,
	reset_password: RESET_MS
};

/**
 * A fresh single-use token for an e-mailed link, its earlier ones retired so only the newest link
 * works. Run it in the transaction that makes the token's reason (a new account), so neither is
 * ever stored without the other.
 */
export async function issueEmailToken(db: Database, userId: number, purpose: EmailTokenPurpose): Promise<string> {
	const token = generateToken();
	await retireEmailTokens(db, userId, purpose);
	await insertEmailToken(db, {
		hash: hashToken(token),
		userId,
		purpose,
		expiresAt: new Date(Date.now() + LIFETIME_MS[purpose])
	});
	return token;
}

/**
 * Whether this user may be mailed one more link this hour. Past the cap the request is dropped
 * without a word to the caller (the API answers as if it were sent), so the cap neither floods an
 * inbox on a stranger's behalf nor tells the stranger whether the address has an account.
 */
export async function mayMail(ctx: AppContext, userId: number): Promise<boolean> {
	const allowed = await tryConsumePoint(ctx.rateLimits.mailsByRecipient, `user:${userId}`);
	if (!allowed) ctx.logger.info({ userId }, 'account mail dropped: recipient cap reached');
	return allowed;
}

export function accountMail(user: Pick<UserRow, 'email' | 'full_name'>, purpose: EmailTokenPurpose, origin: string, token: string): MailMessage {
	const link = (path: string) => `${origin}/${path}?token=${encodeURIComponent(token)}`;
	return purpose === 'verify_email'
		? verificationMail({ to: user.email, fullName: user.full_name, url: link('verify-email'), hours: VERIFY_HOURS })
		: resetPasswordMail({ to: user.email, fullName: user.full_name, url: link('reset-password') });
}
