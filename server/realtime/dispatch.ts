import { AppError } from '../../src/lib/server/errors';
import type { AppContext } from '../../src/lib/server/context';
import type { Ack, CommandName } from '../../src/lib/realtime/events';
import { commandSchemas } from '../../src/lib/realtime/schemas';
import type { CommandHandler, HandlerTable, ServerSocket } from './handlers/types';
import { endSocket, sessionStillValid } from './session-check';

type Reply = (answer: Ack<unknown>) => void;

const refusal = (code: string, message: string): Ack<unknown> => ({ ok: false, error: { code, message } });

/**
 * Listens for every command of the table on one socket. Each call is answered exactly once when
 * the client asked for an ack: the handler's data, or `{ ok: false }` for a bad payload, an
 * ended session or a handler that threw. Nothing a client sends can reject out of here.
 */
export function bindCommands(ctx: AppContext, socket: ServerSocket, table: HandlerTable): void {
	for (const name of Object.keys(table) as CommandName[]) {
		// socket.io hands over whatever the client sent: validated below, never trusted by type.
		socket.on(name, (...args: unknown[]) => void run(ctx, socket, table, name, args));
	}
}

async function run(ctx: AppContext, socket: ServerSocket, table: HandlerTable, name: CommandName, args: unknown[]) {
	const last = args.at(-1);
	const ack = typeof last === 'function' ? (args.pop() as Reply) : undefined;
	const reply: Reply = (answer) => {
		try {
			ack?.(answer);
		} catch (error) {
			ctx.logger.warn({ err: (error as Error).message, event: name }, 'socket ack failed');
		}
	};
	try {
		if (!(await sessionStillValid(ctx, socket))) {
			reply(refusal('unauthorized', 'Your session has ended. Sign in again.'));
			endSocket(socket);
			return;
		}
		const parsed = args.length <= 1 ? commandSchemas[name].safeParse(args[0]) : undefined;
		if (!parsed?.success) {
			const issue = parsed?.error.issues[0];
			const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
			return reply(refusal('invalid_payload', issue ? `${where}${issue.message}` : 'Send one payload object.'));
		}
		const handler = table[name] as CommandHandler<CommandName>;
		reply({ ok: true, data: await handler(parsed.data, { ctx, socket }) });
	} catch (error) {
		if (error instanceof AppError) return reply(refusal(error.code, error.message));
		const err = error instanceof Error ? error : new Error(String(error));
		ctx.logger.error({ err: err.message, stack: err.stack, event: name, userId: socket.data.userId }, 'socket command failed');
		reply(refusal('internal', 'Something went wrong on our side.'));
	}
}
