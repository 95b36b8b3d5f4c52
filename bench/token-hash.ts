// The session lookup's token hash: Bun's native SHA-256 (what hashToken uses) against the JS
// SHA-256 of @oslojs/crypto it replaced (the baseline), on a token of generateToken's shape,
// in the same process.
//
//   bun bench/token-hash.ts [--iterations 200000]
//
// Prints ns per hash and the ratio. Results go to docs/PERFORMANCE.md.
import { parseArgs } from 'node:util';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { generateToken, hashToken } from '../src/lib/server/auth/tokens';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200000' } }, strict: true });
const N = Number(values.iterations);
const token = generateToken();
const jsHash = (t: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(t)));
if (jsHash(token) !== hashToken(token)) throw new Error('the two hashes differ');

/** Nanoseconds per call, best of five rounds (the least disturbed by other work on the machine). */
function nsPerCall(hash: (t: string) => string): number {
	let best = Infinity;
	for (let round = 0; round < 5; round++) {
		const started = performance.now();
		for (let i = 0; i < N; i++) hash(token);
		best = Math.min(best, ((performance.now() - started) * 1e6) / N);
	}
	return best;
}

const baseline = nsPerCall(jsHash);
const native = nsPerCall(hashToken);
console.log('| hash | ns per token | ratio to baseline |');
console.log('| --- | ---: | ---: |');
console.log(`| @oslojs/crypto sha256 + hex (baseline) | ${baseline.toFixed(0)} | 1.000 |`);
console.log(`| Bun.SHA256.hash(token, 'hex') | ${native.toFixed(0)} | ${(native / baseline).toFixed(3)} |`);
