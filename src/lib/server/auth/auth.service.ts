import type { AppContext } from '../context';
import type { EmailTokenPurpose, SessionUser, UserRow } from '../db/schema';
import { AppError, conflict, invalid } from '../errors';
import {
	findTakenIdentifiers,
	findUserByEmail,
	findUserByLogin,
	insertUser,
	updateUser
} from '../users/users.repository';
import { accountMail, issueEmailToken, mayMail } from './account-mail';
import { consumeEmailToken, insertAuthEvent, type AuthEvent } from './auth.repository';
import type { LoginInput, RegisterInput, ResetPasswordInput } from './auth.schemas';
import { deviceKey, issueDeviceCookie, trustedDevice } from './device-cookie';
import { loginScope, reserveLoginAttempt, type LoginReservation } from './login-limits';
import { burnPasswordCheck, hashPassword, passwordWeakness, verifyPassword } from './password';
import { consumePoint } from './rate-limits';
import { createSession, invalidateUserSessions, type ClientMeta } from './session.service';
import { hashToken } from './tokens';

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

export async function register(ctx: AppContext, input: RegisterInput, meta: RequestMeta): Promise<SessionUser> {
	const { user } = await auditRefusal(ctx, { userId: null, kind: 'register', login: input.email, ...meta }, async () => {
		await consumePoint(ctx.rateLimits.registrationsByIp, meta.ip ?? 'unknown');
		const weakness = passwordWeakness(input.password, input);
		if (weakness) throw invalid('password', weakness);
		await assertAvailable(ctx, input);
		const passwordHash = await hashPassword(input.password);
		try {
			// The account, its verification token and the mail's job commit together: never an
			// account nobody can verify, and the request never waits for the mail server.
			return await ctx.db.transaction().execute(async (trx) => {
				const user = await insertUser(trx, {
					email: input.email,
					username: input.username,
					password: passwordHash,
					full_name: input.fullName,
					role: input.role
				});
				const token = await issueEmailToken(trx, user.id, 'verify_email');
				if (await mayMail(ctx, user.id)) {
					await ctx.jobs.enqueue(trx, 'mail.send', accountMail(user, 'verify_email', meta.origin, token));
				}
				return { user };
			});
		} catch (error) {
			// Two sign-ups racing for the same name: the unique index decides.
			if (isUniqueViolation(error)) await assertAvailable(ctx, input);
			throw error;
		}
	});
	await audit(ctx, { userId: user.id, kind: 'register', success: true, login: user.email, ...meta });
	return user;
}

async function assertAvailable(ctx: AppContext, input: { email: string; username: string }) {
	const taken = await findTakenIdentifiers(ctx.db, input.email, input.username);
	if (taken.email) throw conflict('email', 'An account with this e-mail already exists.');
	if (taken.username) throw conflict('username', 'This username is taken.');
}

/**
 * A new link by e-mail, within the recipient's hourly cap; silent past it. The token and the
 * mail's job commit together, so a known address answers as fast as an unknown one.
 */
async function mailNewLink(ctx: AppContext, user: SessionUser, purpose: EmailTokenPurpose, origin: string) {
	if (!(await mayMail(ctx, user.id))) return;
	await ctx.db.transaction().execute(async (trx) => {
		const token = await issueEmailToken(trx, user.id, purpose);
		await ctx.jobs.enqueue(trx, 'mail.send', accountMail(user, purpose, origin, token));
	});
}

/** Sends a fresh link to an unverified account; silent for unknown or verified addresses. */
export async function resendVerification(ctx: AppContext, email: string, meta: RequestMeta): Promise<void> {
	await consumePoint(ctx.rateLimits.resetRequestsByIp, meta.ip ?? 'unknown');
	const user = await findUserByEmail(ctx.db, email);
	if (user && !user.verified && user.active) await mailNewLink(ctx, user, 'verify_email', meta.origin);
}

export async function verifyEmail(ctx: AppContext, token: string, meta: ClientMeta): Promise<SessionUser> {
	// Spending the token and verifying the user commit together, so a failure between them cannot
	// burn the link while leaving the address unverified.
	const user = await ctx.db.transaction().execute(async (trx) => {
		const userId = await consumeEmailToken(trx, hashToken(token), 'verify_email');
		return userId === undefined ? undefined : updateUser(trx, userId, { verified: true });
	});
	if (!user) {
		await audit(ctx, { userId: null, kind: 'verify_email', success: false, reason: 'invalid_token', ...meta });
		throw new AppError(400, 'invalid_token', 'This verification link is invalid, used or expired.', {
			field: 'token'
		});
	}
	await audit(ctx, { userId: user.id, kind: 'verify_email', success: true, ...meta });
	return user;
}

/** What a login knows about its caller: address, user agent and the browser's device cookie. */
export interface LoginMeta extends ClientMeta {
	deviceCookie?: string | undefined;
}

export async function login(ctx: AppContext, input: LoginInput, meta: LoginMeta) {
	const { deviceCookie, ...client } = meta;
	const refuse = async (reason: string, userId: number | null) =>
		audit(ctx, { userId, kind: 'login', success: false, login: input.login, reason, ...client });

	const user = await findUserByLogin(ctx.db, input.login);
	const key = await deviceKey(ctx.config);
	const device = user ? trustedDevice(key, deviceCookie, user.id) : undefined;
	let attempt: LoginReservation;
	try {
		// The points are taken before the password is checked, so parallel guesses cannot outrun them.
		const scope = loginScope(ctx.rateLimits, input.login, user, device);
		attempt = await reserveLoginAttempt(ctx.rateLimits, scope, client.ip ?? 'unknown');
	} catch (error) {
		await refuse('rate_limited', user?.id ?? null);
		throw error;
	}
	if (!user) {
		await burnPasswordCheck(input.password);
		await refuse('unknown_account', null);
		throw new AppError(401, 'invalid_credentials', INVALID_CREDENTIALS);
	}
	if (!(await verifyPassword(input.password, user.password))) {
		await refuse('wrong_password', user.id);
		throw new AppError(401, 'invalid_credentials', INVALID_CREDENTIALS);
	}
	// Only someone who knows the password learns the account's state.
	if (!user.active) {
		await refuse('inactive', user.id);
		throw new AppError(403, 'account_inactive', 'This account has been deactivated.');
	}
	if (!user.verified) {
		await Promise.all([attempt.refund(), refuse('unverified', user.id)]);
		throw new AppError(403, 'email_not_verified', 'Confirm your e-mail address first: follow the link we sent you.');
	}

	await attempt.succeeded();
	const { token, session } = await createSession(ctx.db, user.id, client);
	const updated = (await updateUser(ctx.db, user.id, { last_login: new Date() })) ?? user;
	await audit(ctx, { userId: user.id, kind: 'login', success: true, login: input.login, ...client });
	return { token, session, user: updated, deviceCookie: issueDeviceCookie(key, deviceCookie, user.id) };
}

export async function logout(ctx: AppContext, session: { id: string; user_id: number }, meta: ClientMeta) {
	await ctx.db.deleteFrom('sessions').where('id', '=', session.id).execute();
	ctx.realtime.toSession(session.id).end('logout');
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
	await mailNewLink(ctx, user, 'reset_password', meta.origin);
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
	ctx.realtime.toUser(pending.id).end('password_reset');
	// A new password is a fresh start for the account's failure counter.
	await ctx.rateLimits.loginFailuresByAccount.delete(`user:${pending.id}`);
	await audit(ctx, { userId: pending.id, kind: 'reset_password', success: true, ...meta });
}
