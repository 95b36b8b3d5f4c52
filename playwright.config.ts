import { defineConfig, devices } from '@playwright/test';

// Browser tests: tests/e2e/**/*.e2e.ts, run by `playwright test` (bun test never collects them).
// Browsers are never downloaded: we drive Debian's Chromium at /usr/bin/chromium.
//
// Env switches:
//   E2E_PORT          port for the app server (default 4173)
//   E2E_DATABASE_URL  DATABASE_URL for the app server (else DATABASE_URL passes through; else PGlite)
//   E2E_NO_SERVER=1   do not start the app server (for tests that need no app, or a server you run)

const port = Number(process.env.E2E_PORT || 4173);
const baseURL = `http://127.0.0.1:${port}`;
const noServer = process.env.E2E_NO_SERVER === '1';

const serverEnv: Record<string, string> = {
	PORT: String(port),
	// As in production: e-mailed links (followed from the dev outbox) point at the address the
	// browser uses, and the server answers only for that host.
	ORIGIN: baseURL,
	// scripts/test.ts wipes this before each run, so every run starts from an empty database.
	DATA_DIR: '.test-results/e2e-data',
	NODE_ENV: 'test',
	// Every browser test signs up from 127.0.0.1; the default (20 an hour) would cap the suite's size.
	REGISTER_MAX_PER_IP: '500'
};
const databaseUrl = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
if (databaseUrl) serverEnv.DATABASE_URL = databaseUrl;
if (process.env.REDIS_URL) {
	serverEnv.REDIS_URL = process.env.REDIS_URL;
	// Rate-limit counters live in Redis; a run of its own keeps them apart from earlier runs.
	serverEnv.REDIS_KEY_PREFIX = `classcast-e2e-${Date.now().toString(36)}`;
}

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: '.test-results/playwright-artifacts',
	workers: 1,
	retries: 0,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	reporter: [['list'], ['json', { outputFile: '.test-results/playwright.json' }]],
	use: {
		baseURL,
		screenshot: 'only-on-failure',
		trace: 'off'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: '/usr/bin/chromium',
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--disable-quic',
						'--no-first-run',
						// Co-review voice: a fake microphone, granted without a prompt.
						'--use-fake-ui-for-media-stream',
						'--use-fake-device-for-media-stream'
					]
				}
			}
		}
	],
	webServer: noServer
		? undefined
		: {
				command: 'bun server/index.ts',
				url: `${baseURL}/healthz`,
				reuseExistingServer: false,
				timeout: 120_000,
				env: serverEnv,
				stderr: 'pipe',
				gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 }
			}
});
