import type { Socket } from 'socket.io';
import type { AppContext } from '../../../src/lib/server/context';
import type {
	ClientToServerEvents,
	CommandName,
	CommandPayload,
	CommandResult,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '../../../src/lib/realtime/events';

export type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What a command handler may use: the app and the socket that sent the command. */
export interface CommandContext {
	ctx: AppContext;
	socket: ServerSocket;
}

/**
 * Handles one command whose payload has passed its schema. It returns the ack's data or throws:
 * an `AppError` reaches the client as `{ ok: false, error }`, anything else as `internal`.
 */
export type CommandHandler<C extends CommandName> = (
	payload: CommandPayload<C>,
	context: CommandContext
) => CommandResult<C> | Promise<CommandResult<C>>;

/** One handler for every command of the event map: a missing one does not compile. */
export type HandlerTable = { [C in CommandName]: CommandHandler<C> };
