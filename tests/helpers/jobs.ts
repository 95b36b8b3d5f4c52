import type { PgBoss } from 'pg-boss';

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await Bun.sleep(100);
	}
}

/** A job's state as pg-boss stores it (undefined when there is no such job). */
export async function jobState(boss: PgBoss, name: string, id: string): Promise<string | undefined> {
	const [job] = await boss.findJobs(name, { id });
	return job?.state;
}

/** Waits until a job reaches `state`. */
export function jobReaches(boss: PgBoss, name: string, id: string, state: string, timeoutMs = 15_000) {
	return eventually(async () => ((await jobState(boss, name, id)) === state ? state : undefined), timeoutMs, `${name} ${id} to be ${state}`);
}
