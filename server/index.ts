import { loadConfig } from '../src/lib/server/config';
import { startApp } from './app';

const config = loadConfig();
const app = await startApp(config);
app.ctx.logger.info(
	{
		url: app.url,
		database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir}/db)`,
		redis: config.redisUrl ? 'on' : 'off',
		mail: config.smtpUrl ? 'smtp' : 'dev outbox'
	},
	'ClassCast is listening'
);

if (config.env === 'production' && !config.origin) {
	app.ctx.logger.warn(
		{ origin: app.ctx.publicOrigin },
		'ORIGIN is not set: e-mailed links point at the address this server listens on; set ORIGIN to the public address'
	);
}

// Requests already running get this long to finish after SIGTERM; orchestrators usually wait 30 s.
const DRAIN_TIMEOUT_MS = 20_000;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		app.ctx.logger.info({ signal }, 'shutting down: draining requests and sockets');
		try {
			await app.drain(DRAIN_TIMEOUT_MS);
		} catch (error) {
			app.ctx.logger.error({ err: error }, 'error while shutting down');
		}
		process.exit(0);
	});
}
