// `bun run worker`: runs the background jobs without the HTTP server, for WORKER=off web nodes.
import { loadConfig } from '../src/lib/server/config';
import { createContext } from '../src/lib/server/context';
import { jobDeps } from './jobs/deps';

const env = loadConfig();
if (!env.databaseUrl) {
	// PGlite is one process's database: a second process cannot open it beside the web server.
	console.error('bun run worker needs DATABASE_URL (PostgreSQL). With the embedded database, jobs run in the web process (WORKER=inline).');
	process.exit(1);
}
// This process exists to run jobs, whatever WORKER says for the web nodes.
const config = { ...env, worker: 'inline' as const };
const ctx = await createContext(config);
await ctx.jobs.work(jobDeps(ctx));
ctx.logger.info({ pid: process.pid }, 'ClassCast worker is running jobs');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		ctx.logger.info({ signal }, 'worker shutting down: finishing running jobs');
		try {
			// Running jobs finish; anything not done in pg-boss's stop timeout is retried elsewhere.
			await ctx.jobs.stopWorking();
			await ctx.close();
		} catch (error) {
			ctx.logger.error({ err: error }, 'error while shutting down the worker');
		}
		process.exit(0);
	});
}
