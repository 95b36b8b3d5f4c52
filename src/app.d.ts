import type { AppContext } from '$lib/server/context';
import type { SessionRow, SessionUser } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			ctx: AppContext;
			requestId: string;
			clientAddress: string | null;
			/** The signed-in user, without the password hash. */
			user: SessionUser | null;
			session: SessionRow | null;
		}
		interface Platform {
			server: import('bun').Server<unknown>;
			request: Request;
		}
	}
}

export {};
