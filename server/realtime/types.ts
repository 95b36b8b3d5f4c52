// The typed server lives with the emitter (src/lib/server/realtime), which SvelteKit code sees too.
export type { RealtimeServer } from '../../src/lib/server/realtime/emitter';
