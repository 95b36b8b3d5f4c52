import { z } from 'zod';
import { fullNameSchema } from '../users/users.schemas';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';

export const emailSchema = z
	.string({ error: 'E-mail is required.' })
	.trim()
	.max(255, 'E-mail must be at most 255 characters.')
	.pipe(z.email({ error: 'Enter a valid e-mail address.' }))
	.transform((v) => v.toLowerCase());

export const usernameSchema = z
	.string({ error: 'Username is required.' })
	.trim()
	.min(3, 'Username must be at least 3 characters.')
	.max(50, 'Username must be at most 50 characters.')
	.regex(/^[A-Za-z0-9_.-]+$/, 'Username may contain only letters, digits, _ . and -.');

export const passwordSchema = z
	.string({ error: 'Password is required.' })
	.min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
	.max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

// Accounts are created as students or teachers only; admins are made by an operator.
export const roleSchema = z.enum(['student', 'teacher'], { error: 'Role must be student or teacher.' });

const tokenSchema = z
	.string({ error: 'Token is required.' })
	.trim()
	.min(1, 'Token is required.')
	.max(200, 'Token is malformed.');

export const registerSchema = z.object({
	email: emailSchema,
	username: usernameSchema,
	password: passwordSchema,
	fullName: fullNameSchema,
	role: roleSchema
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
	login: z.string({ error: 'E-mail or username is required.' }).trim().min(1, 'E-mail or username is required.').max(255),
	// Bounded so an enormous body never reaches the hasher.
	password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(PASSWORD_MAX)
});
export type LoginInput = z.infer<typeof loginSchema>;

export const verifyEmailSchema = z.object({ token: tokenSchema });
export const forgotPasswordSchema = z.object({ email: emailSchema });
export const resendVerificationSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({ token: tokenSchema, password: passwordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
