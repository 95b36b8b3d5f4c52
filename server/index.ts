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

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		app.ctx.logger.info({ signal }, 'shutting down');
		await app.stop();
		process.exit(0);
	});
}
