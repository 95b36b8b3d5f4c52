import { AppError, forbidden, notFound, unauthorized } from '../errors';

/** The caller as access sees them: a signed-in user, or null for an anonymous request. */
export interface AccessUser {
	id: number;
	verified: boolean;
}
export type Caller = AccessUser | null | undefined;

/**
 * Why access was refused: `unauthenticated` (401) for anonymous callers, `not_found` (404) for
 * what the caller may not know exists, `forbidden` (403) for what they can see but not do.
 */
export type Denial = 'unauthenticated' | 'not_found' | 'forbidden';

export type Decision = { allowed: true } | { allowed: false; reason: Denial; message?: string };

export const ALLOW: Decision = { allowed: true };
export const deny = (reason: Denial, message?: string): Decision => ({ allowed: false, reason, ...(message ? { message } : {}) });

/** The AppError a refusal answers with; `what` names the resource in a 404's message. */
export function denialError(decision: Extract<Decision, { allowed: false }>, what: string): AppError {
	switch (decision.reason) {
		case 'unauthenticated':
			return unauthorized();
		case 'forbidden':
			return forbidden(decision.message);
		case 'not_found':
			return notFound(what);
	}
}

/** Throws the refusal's AppError; returns when allowed. */
export function assertAllowed(decision: Decision, what: string): void {
	if (!decision.allowed) throw denialError(decision, what);
}

/** The HTTP status of a decision, for callers (sockets, /media) that answer without throwing. */
export const decisionStatus = (decision: Decision): 200 | 401 | 403 | 404 =>
	decision.allowed ? 200 : decision.reason === 'unauthenticated' ? 401 : decision.reason === 'forbidden' ? 403 : 404;
