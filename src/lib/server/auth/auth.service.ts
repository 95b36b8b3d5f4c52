import type { AppContext } from '../context';
import type { UserRow } from '../db/schema';
import { AppError, conflict, invalid } from '../errors';
import { resetPasswordMail, verificationMail } from '../mail/templates';
import {
	findTakenIdentifiers,
	findUserByEmail,
	findUserByLogin,
	insertUser,
	updateUser
} from '../users/users.repository';
import {
	consumeEmailToken,
	insertAuthEvent,
	insertEmailToken,
	retireEmailTokens,
	type AuthEvent
} from './auth.repository';
import type { LoginInput, RegisterInput, ResetPasswordInput } from './auth.schemas';
import { burnPasswordCheck, hashPassword, passwordWeakness, verifyPassword } from './password';
import { assertNotLimited, consumePoint, recordPoint } from './rate-limits';
import { createSession, invalidateUserSessions, type ClientMeta } from './session.service';
import { generateToken, hashToken } from './tokens';

const VERIFY_HOURS = 24;
const RESET_MS = 60 * 60 * 1000;

/** Who is asking, and the origin their links should point at. */
export interface RequestMeta extends ClientMeta {
	origin: string;
}

export const INVALID_CREDENTIALS = 'Incorrect e-mail, username or password.';

function audit(ctx: AppContext, event: AuthEvent): Promise<void> {
	return insertAuthEvent(ctx.db, event);
}

const isUniqueViolation = (error: unknown) =>
	typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';

/** Records a refused attempt (rate limit, conflict, weak password) before passing the error on. */
async function auditRefusal<T>(ctx: AppContext, event: Omit<AuthEvent, 'success' | 'reason'>, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof AppError) await audit(ctx, { ...event, success: false, reason: error.code });
		throw error;
	}
}

export async function register(ctx: AppContext, input: RegisterInput, meta: RequestMeta): Promise<UserRow> {
	const user = await auditRefusal(ctx, { userId: null, kind: 'register', login: input.email, ...meta }, async () => {
		await consumePoint(ctx.rateLimits.registrationsByIp, meta.ip ?? 'unknown');
		const weakness = passwordWeakness(input.password, input);
		if (weakness) throw invalid('password', weakness);
		await assertAvailable(ctx, input);
		const passwordHash = await hashPassword(input.password);
		try {
			return await insertUser(ctx.db, {
				email: input.email,
				username: input.username,
				password: passwordHash,
				full_name: input.fullName,
				role: input.role
			});
		} catch (error) {
			// Two sign-ups racing for the same name: the unique index decides.
			if (isUniqueViolation(error)) await assertAvailable(ctx, input);
			throw error;
		}
	});
	await audit(ctx, { userId: user.id, kind: 'register', success: true, login: user.email, ...meta });
	await sendVerification(ctx, user, meta.origin);
	return user;
}

async function assertAvailable(ctx: AppContext, input: { email: string; username: string }) {
	const taken = await findTakenIdentifiers(ctx.db, input.email, input.username);
	if (taken.email) throw conflict('email', 'An account with this e-mail already exists.');
	if (taken.username) throw conflict('username', 'This username is taken.');
}

async function sendVerification(ctx: AppContext, user: UserRow, origin: string): Promise<void> {
	const token = generateToken();
	const url = `${origin}/verify-email?token=${encodeURIComponent(token)}`;
	// The mail is a job in the token's transaction: the request never waits for the mail server.
	await ctx.db.transaction().execute(async (trx) => {
		await retireEmailTokens(trx, user.id, 'verify_email');
		await insertEmailToken(trx, {
			hash: hashToken(token),
			userId: user.id,
			purpose: 'verify_email',
			expiresAt: new Date(Date.now() + VERIFY_HOURS * 60 * 60 * 1000)
		});
		await ctx.jobs.enqueue(trx, 'mail.send', verificationMail({ to: user.email, fullName: user.full_name, url, hours: VERIFY_HOURS }));
	});
}

/** Sends a fresh link to an unverified account; silent for unknown or verified addresses. */
export async function resendVerification(ctx: AppContext, email: string, meta: RequestMeta): Promise<void> {
	await consumePoint(ctx.rateLimits.resetRequestsByIp, meta.ip ?? 'unknown');
	const user = await findUserByEmail(ctx.db, email);
	if (user && !user.verified && user.active) await sendVerification(ctx, user, meta.origin);
}

export async function verifyEmail(ctx: AppContext, token: string, meta: ClientMeta): Promise<UserRow> {
	const userId = await consumeEmailToken(ctx.db, hashToken(token), 'verify_email');
	if (userId === undefined) {
		await audit(ctx, { userId: null, kind: 'verify_email', success: false, reason: 'invalid_token', ...meta });
		throw new AppError(400, 'invalid_token', 'This verification link is invalid, used or expired.', {
			field: 'token'
		});
	}
	const user = await updateUser(ctx.db, userId, { verified: true });
	await audit(ctx, { userId, kind: 'verify_email', success: true, ...meta });
	return user!;
}

/**
 * The per-account failure counter's key: the account itself when it exists, so switching between
 * e-mail and username does not buy extra guesses; otherwise the name as typed.
 */
const accountLimitKey = (login: string, user: UserRow | undefined) =>
	user ? `user:${user.id}` : `login:${login.toLowerCase()}`;

export async function login(ctx: AppContext, input: LoginInput, meta: ClientMeta) {
	const limits = ctx.rateLimits;
	const ipKey = meta.ip ?? 'unknown';
	const refuse = async (reason: string, userId: number | null) =>
		audit(ctx, { userId, kind: 'login', success: false, login: input.login, reason, ...meta });
	const fail = async (reason: string, user: UserRow | undefined) => {
		await Promise.all([
			recordPoint(limits.loginFailuresByAccount, accountLimitKey(input.login, user)),
			recordPoint(limits.loginFailuresByIp, ipKey),
			refuse(reason, user?.id ?? null)
		]);
	};

	const user = await findUserByLogin(ctx.db, input.login);
	try {
		await assertNotLimited(limits.loginFailuresByIp, ipKey);
		await assertNotLimited(limits.loginFailuresByAccount, accountLimitKey(input.login, user));
	} catch (error) {
		await refuse('rate_limited', user?.id ?? null);
		throw error;
	}
	if (!user) {
		await burnPasswordCheck(input.password);
		await fail('unknown_account', undefined);
		throw new AppError(401, 'invalid_credentials', INVALID_CREDENTIALS);
	}
	if (!(await verifyPassword(input.password, user.password))) {
		await fail('wrong_password', user);
		throw new AppError(401, 'invalid_credentials', INVALID_CREDENTIALS);
	}
	// Only someone who knows the password learns the account's state.
	if (!user.active) {
		await fail('inactive', user);
		throw new AppError(403, 'account_inactive', 'This account has been deactivated.');
	}
	if (!user.verified) {
		await refuse('unverified', user.id);
		throw new AppError(403, 'email_not_verified', 'Confirm your e-mail address first: follow the link we sent you.');
	}

	await limits.loginFailuresByAccount.delete(accountLimitKey(input.login, user));
	const { token, session } = await createSession(ctx.db, user.id, meta);
	const updated = (await updateUser(ctx.db, user.id, { last_login: new Date() })) ?? user;
	await audit(ctx, { userId: user.id, kind: 'login', success: true, login: input.login, ...meta });
	return { token, session, user: updated };
}

export async function logout(ctx: AppContext, session: { id: string; user_id: number }, meta: ClientMeta) {
	await ctx.db.deleteFrom('sessions').where('id', '=', session.id).execute();
	await audit(ctx, { userId: session.user_id, kind: 'logout', success: true, ...meta });
}

/** Always succeeds from the caller's view, so it never reveals whether an address has an account. */
export async function forgotPassword(ctx: AppContext, email: string, meta: RequestMeta): Promise<void> {
	await auditRefusal(ctx, { userId: null, kind: 'forgot_password', login: email, ...meta }, () =>
		consumePoint(ctx.rateLimits.resetRequestsByIp, meta.ip ?? 'unknown')
	);
	const user = await findUserByEmail(ctx.db, email);
	await audit(ctx, {
		userId: user?.id ?? null,
		kind: 'forgot_password',
		success: !!user?.active,
		login: email,
		reason: user ? (user.active ? null : 'inactive') : 'unknown_account',
		...meta
	});
	if (!user || !user.active) return;
	const token = generateToken();
	const url = `${meta.origin}/reset-password?token=${encodeURIComponent(token)}`;
	// A job in the token's transaction, so a known address answers as fast as an unknown one.
	await ctx.db.transaction().execute(async (trx) => {
		await retireEmailTokens(trx, user.id, 'reset_password');
		await insertEmailToken(trx, {
			hash: hashToken(token),
			userId: user.id,
			purpose: 'reset_password',
			expiresAt: new Date(Date.now() + RESET_MS)
		});
		await ctx.jobs.enqueue(trx, 'mail.send', resetPasswordMail({ to: user.email, fullName: user.full_name, url }));
	});
}

/** Sets a new password from a reset link and signs the user out everywhere. */
export async function resetPassword(ctx: AppContext, input: ResetPasswordInput, meta: ClientMeta): Promise<void> {
	const tokenHash = hashToken(input.token);
	const pending = await ctx.db
		.selectFrom('email_tokens')
		.innerJoin('users', 'users.id', 'email_tokens.user_id')
		.select(['users.id', 'users.email', 'users.username'])
		.where('token_hash', '=', tokenHash)
		.where('purpose', '=', 'reset_password')
		.where('used_at', 'is', null)
		.where('expires_at', '>', new Date())
		.executeTakeFirst();
	const invalidToken = new AppError(400, 'invalid_token', 'This reset link is invalid, used or expired.', {
		field: 'token'
	});
	if (!pending) {
		await audit(ctx, { userId: null, kind: 'reset_password', success: false, reason: 'invalid_token', ...meta });
		throw invalidToken;
	}
	// Check the new password before spending the token, so a weak choice can be retried.
	const weakness = passwordWeakness(input.password, pending);
	if (weakness) {
		await audit(ctx, { userId: pending.id, kind: 'reset_password', success: false, reason: 'weak_password', ...meta });
		throw invalid('password', weakness);
	}
	const passwordHash = await hashPassword(input.password);
	await ctx.db.transaction().execute(async (trx) => {
		const userId = await consumeEmailToken(trx, tokenHash, 'reset_password');
		if (userId === undefined) throw invalidToken;
		// A reset proves control of the mailbox, so it also verifies the address.
		await updateUser(trx, userId, { password: passwordHash, verified: true });
		await invalidateUserSessions(trx, userId);
	});
	// A new password is a fresh start for the account's failure counter.
	await ctx.rateLimits.loginFailuresByAccount.delete(`user:${pending.id}`);
	await audit(ctx, { userId: pending.id, kind: 'reset_password', success: true, ...meta });
}
