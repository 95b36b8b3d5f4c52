import type Redis from 'ioredis';
import type { PlaybackState } from '../../review/playback';

/**
 * Where a live session's playback state lives: in Redis when REDIS_URL is set, so that the two
 * participants may be on different nodes and a node that dies loses nothing; in this process's
 * memory on embedded defaults (one node). Every write is a compare-and-set on the version, so
 * two changes sent at once through two nodes cannot both win: the second is stale and resyncs.
 */
export interface ReviewStateStore {
	get(sessionId: number): Promise<PlaybackState | null>;
	/**
	 * Stores `next` if the stored state's version is `expectedVersion` (null: nothing is stored
	 * yet). True when it was written; false when another change got there first.
	 */
	replace(sessionId: number, expectedVersion: number | null, next: PlaybackState): Promise<boolean>;
	delete(sessionId: number): Promise<void>;
}

/** A live session's state outlives a quiet hour, not an abandoned day. */
export const STATE_TTL_SECONDS = 6 * 60 * 60;

export function createMemoryStateStore(): ReviewStateStore {
	const states = new Map<number, PlaybackState>();
	return {
		get: async (id) => states.get(id) ?? null,
		async replace(id, expectedVersion, next) {
			const current = states.get(id);
			if ((current?.version ?? null) !== expectedVersion) return false;
			states.set(id, next);
			return true;
		},
		async delete(id) {
			states.delete(id);
		}
	};
}

// KEYS[1] the state; ARGV: expected version ('' for none), the new state's JSON, the TTL.
// Atomic in Redis: reading the version and writing the state cannot interleave with another node.
const REPLACE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
	if ARGV[1] == '' or cjson.decode(current).version ~= tonumber(ARGV[1]) then return 0 end
elseif ARGV[1] ~= '' then
	return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

export function createRedisStateStore(redis: Redis, keyPrefix: string): ReviewStateStore {
	const key = (id: number) => `${keyPrefix}:review:${id}:state`;
	return {
		async get(id) {
			const raw = await redis.get(key(id));
			return raw ? (JSON.parse(raw) as PlaybackState) : null;
		},
		async replace(id, expectedVersion, next) {
			const written = await redis.eval(REPLACE_SCRIPT, 1, key(id), expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(next), String(STATE_TTL_SECONDS));
			return written === 1;
		},
		async delete(id) {
			await redis.del(key(id));
		}
	};
}
