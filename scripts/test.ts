// ClassCast test runner (`bun run test`): build, then unit + integration tests (bun test),
// then browser tests (playwright). Ends with the line `N passed, N failed, N skipped`.
//
//   bun scripts/test.ts [--no-build] [--no-e2e] [--] [args for bun test...]
//   --no-build skips the build and the type check; --no-e2e skips the browser tests.
//
// Other args go to bun test. If one of them is a path or filter (not a flag), it replaces the
// default folders tests/unit and tests/integration: `bun run test --no-e2e auth` runs the test
// files whose path contains "auth"; `bun run test --no-build -t "login"` filters by test name.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = '.test-results';
const JUNIT = `${RESULTS}/bun-junit.xml`;
const PLAYWRIGHT_JSON = `${RESULTS}/playwright.json`; // set in playwright.config.ts
const E2E_DATA = `${RESULTS}/e2e-data`; // DATA_DIR of the e2e app server, see playwright.config.ts
const BUN_TEST_TIMEOUT_MS = 60_000; // bunfig.toml has no key for it in bun 1.4.5; a setup that starts an app can pass 30 s on a loaded 2-core machine

type Tally = { passed: number; failed: number; skipped: number };
type Step = { name: string; tally: Tally; note?: string };

process.chdir(join(import.meta.dir, '..'));

// Our own flags; every other arg goes to bun test. (`--` is optional: `bun run test -- x` drops it.)
const OWN_FLAGS = ['--no-build', '--no-e2e'];
const args = process.argv.slice(2).filter((a) => a !== '--');
const noBuild = args.includes('--no-build');
const noE2e = args.includes('--no-e2e');
const bunTestArgs = args.filter((a) => !OWN_FLAGS.includes(a));

const steps: Step[] = [];
let runnerExitedNonZero = false;

// --- helpers ---------------------------------------------------------------------------------

/** Runs a command with output streamed to the console; returns its exit code. */
async function run(cmd: string[], env?: Record<string, string>): Promise<number> {
	console.log(`\n$ ${cmd.join(' ')}`);
	const proc = Bun.spawn(cmd, {
		stdio: ['inherit', 'inherit', 'inherit'],
		env: { ...process.env, ...env }
	});
	return await proc.exited;
}

/** Like run(), but also keeps the last few KiB of output (without colours) for parsing. */
async function runKeepingTail(cmd: string[], env?: Record<string, string>): Promise<{ code: number; tail: string }> {
	console.log(`\n$ ${cmd.join(' ')}`);
	const proc = Bun.spawn(cmd, {
		stdin: 'inherit',
		stdout: 'pipe',
		stderr: 'pipe',
		env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}), ...env }
	});
	let tail = '';
	const pump = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream): Promise<void> => {
		const decoder = new TextDecoder();
		const reader = stream.getReader();
		for (let read = await reader.read(); !read.done; read = await reader.read()) {
			out.write(read.value);
			tail = (tail + decoder.decode(read.value, { stream: true })).slice(-8192);
		}
	};
	const [code] = await Promise.all([proc.exited, pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
	return { code, tail: tail.replace(/\x1b\[[0-9;]*m/g, '') };
}

/** Files under `dir` (recursively) whose name matches `pattern`; [] when `dir` is missing. */
function findFiles(dir: string, pattern: RegExp): string[] {
	if (!existsSync(dir)) return [];
	return [...new Bun.Glob('**/*').scanSync({ cwd: dir, onlyFiles: true })].filter((f) => pattern.test(f));
}

/** Counts a bun test JUnit report: passed = testcases with no failure, error or skip. */
function parseJunit(file: string): Tally & { skipped: number } {
	const xml = readFileSync(file, 'utf8');
	const tally = { passed: 0, failed: 0, skipped: 0 };
	// A testcase is either self-closing (passed) or has a body up to </testcase>.
	const testcase = /<testcase\b(?:\s+[\w:.-]+="[^"]*")*\s*(\/>|>([\s\S]*?)<\/testcase>)/g;
	for (const m of xml.matchAll(testcase)) {
		const body = m[2] ?? '';
		if (/<(failure|error)\b/.test(body)) tally.failed++;
		else if (/<skipped\b/.test(body)) tally.skipped++;
		else tally.passed++;
	}
	return tally;
}

/** Counts a Playwright JSON report. Flaky = failed, then passed on a retry: counted as passed. */
function parsePlaywright(file: string): Tally & { skipped: number; errors: number } {
	const report = JSON.parse(readFileSync(file, 'utf8')) as {
		stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
		errors?: unknown[];
	};
	const s = report.stats ?? {};
	const errors = report.errors?.length ?? 0; // global errors: webServer failed, a file failed to load...
	return {
		passed: (s.expected ?? 0) + (s.flaky ?? 0),
		failed: (s.unexpected ?? 0) + errors,
		skipped: s.skipped ?? 0,
		errors
	};
}

/** Reads a runner's report; a runner that crashed without writing one counts as 1 failed. */
function tallyFromReport(runner: string, code: number, file: string, parse: (f: string) => Tally): { tally: Tally; note?: string } {
	if (code !== 0) runnerExitedNonZero = true;
	let tally: Tally;
	try {
		tally = parse(file);
	} catch (e) {
		const why = existsSync(file) ? `its report ${file} is unreadable (${String(e)})` : `it wrote no report`;
		return { tally: { passed: 0, failed: 1, skipped: 0 }, note: `${runner} exited ${code} and ${why}: counted as 1 failed` };
	}
	if (code !== 0 && tally.failed === 0) {
		return { tally: { ...tally, failed: 1 }, note: `${runner} exited ${code} but reported no failure: counted as 1 failed` };
	}
	return { tally };
}

const line = (t: Tally) => `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;

function finish(): never {
	const total = steps.reduce(
		(t, s) => ({ passed: t.passed + s.tally.passed, failed: t.failed + s.tally.failed, skipped: t.skipped + s.tally.skipped }),
		{ passed: 0, failed: 0, skipped: 0 }
	);
	console.log('\nSummary');
	for (const s of steps) console.log(`  - ${s.name}: ${line(s.tally)}${s.note ? ` (${s.note})` : ''}`);
	// CI reads this last line; skipped tests are reported so that a pass that should run them can refuse.
	console.log(line(total));
	process.exit(total.failed > 0 || runnerExitedNonZero ? 1 : 0);
}

// --- the run ---------------------------------------------------------------------------------

mkdirSync(RESULTS, { recursive: true }); // bun's junit reporter does not create missing folders

// (a) build: the integration and browser tests serve build/.
if (!noBuild) {
	const code = await run(['bun', 'run', 'build']);
	if (code !== 0) {
		runnerExitedNonZero = true;
		steps.push({ name: 'build', tally: { passed: 0, failed: 1, skipped: 0 }, note: `exited ${code}` });
		finish();
	}
}

// (a') type check: TypeScript strict over server, routes, components, tests. One check, counted once.
if (!noBuild) {
	const code = await run(['bun', 'x', 'svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error']);
	if (code !== 0) runnerExitedNonZero = true;
	steps.push({
		name: 'type check (svelte-check)',
		tally: code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }
	});
}

// (b) unit + integration tests.
{
	const hasFilter = bunTestArgs.some((a, i) => !a.startsWith('-') && !['-t', '--test-name-pattern', '--timeout'].includes(bunTestArgs[i - 1] ?? ''));
	const testFile = /(\.test|_test_|\.spec|_spec_)\.[cm]?[jt]sx?$/;
	const found = [...findFiles('tests/unit', testFile), ...findFiles('tests/integration', testFile)];
	if (!hasFilter && found.length === 0) {
		console.log('\nNo unit or integration test files (tests/unit, tests/integration): skipping bun test.');
	} else {
		rmSync(JUNIT, { force: true });
		const cmd = ['bun', 'test', `--timeout=${BUN_TEST_TIMEOUT_MS}`, '--reporter=junit', `--reporter-outfile=${JUNIT}`];
		if (!hasFilter) cmd.push('./tests/unit', './tests/integration');
		const { code, tail } = await runKeepingTail([...cmd, ...bunTestArgs]);
		// A file that fails to load ("Unhandled error between tests") is missing from the JUnit
		// report; bun's console summary counts it as " N error(s)". Add those as failures.
		const loadErrors = Number([...tail.matchAll(/^\s*(\d+) errors?\s*$/gm)].at(-1)?.[1] ?? 0);
		const parse = (f: string): Tally => {
			const t = parseJunit(f);
			return { passed: t.passed, failed: t.failed + loadErrors, skipped: t.skipped };
		};
		const { tally, note } = tallyFromReport('bun test', code, JUNIT, parse);
		const loadNote = loadErrors ? `incl. ${loadErrors} error(s) outside tests, absent from the JUnit report` : undefined;
		steps.push({ name: 'bun test (unit, integration)', tally, note: note ?? loadNote });
	}
}

// (c) browser tests.
if (noE2e) {
	console.log('\n--no-e2e: skipping browser tests.');
} else if (findFiles('tests/e2e', /\.e2e\.ts$/).length === 0) {
	console.log('\nNo browser test files (tests/e2e/**/*.e2e.ts): skipping playwright.');
} else {
	rmSync(E2E_DATA, { recursive: true, force: true });
	rmSync(PLAYWRIGHT_JSON, { force: true });
	const code = await run(['bun', 'x', 'playwright', 'test']);
	const { tally, note } = tallyFromReport('playwright', code, PLAYWRIGHT_JSON, parsePlaywright);
	steps.push({ name: 'playwright (e2e)', tally, note });
}

finish();
