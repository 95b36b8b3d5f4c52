import { afterAll, describe, expect, it } from 'bun:test';
import Redis from 'ioredis';
import { initialState, type PlaybackState } from '../../src/lib/review/playback';
import { createMemoryStateStore, createRedisStateStore, type ReviewStateStore } from '../../src/lib/server/review/state-store';

// The same contract for both stores: the memory one always, the Redis one in the services pass.
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : undefined;
const prefix = `classcast-test-review-${Math.random().toString(36).slice(2, 10)}`;
afterAll(async () => {
	if (!redis) return;
	const keys = await redis.keys(`${prefix}:*`);
	if (keys.length) await redis.del(...keys);
	await redis.quit();
});

const stores: [string, () => ReviewStateStore][] = [['memory', createMemoryStateStore]];
if (redis) stores.push(['redis', () => createRedisStateStore(redis, prefix)]);

const at = (version: number, position = version): PlaybackState => ({ ...initialState(1000), version, position });

for (const [name, make] of stores) {
	describe(`review state store (${name})`, () => {
		it('creates once, then writes only on top of the version it expects', async () => {
			const store = make();
			expect(await store.get(1)).toBeNull();
			expect(await store.replace(1, 3, at(4))).toBe(false);
			expect(await store.replace(1, null, at(0))).toBe(true);
			expect(await store.replace(1, null, at(0, 9))).toBe(false);
			expect(await store.replace(1, 0, at(1))).toBe(true);
			expect(await store.replace(1, 0, at(1, 7))).toBe(false);
			expect(await store.get(1)).toEqual(at(1));
		});

		it('lets exactly one of many simultaneous changes on the same version win', async () => {
			const store = make();
			await store.replace(2, null, at(0));
			const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.replace(2, 0, at(1, 100 + i))));
			expect(results.filter(Boolean)).toHaveLength(1);
			const winner = results.indexOf(true);
			expect(await store.get(2)).toEqual(at(1, 100 + winner));
		});

		it('forgets a deleted session, and sessions do not share state', async () => {
			const store = make();
			await store.replace(3, null, at(0, 3));
			await store.replace(4, null, at(0, 4));
			await store.delete(3);
			expect(await store.get(3)).toBeNull();
			expect(await store.get(4)).toEqual(at(0, 4));
		});
	});
}
