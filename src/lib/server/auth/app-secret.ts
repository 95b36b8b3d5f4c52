import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config';

const SECRET_FILE = 'secret-key';
const generated = new Map<string, Promise<string>>();

/**
 * The secret from SECRET_KEY, or (outside production, where the configuration requires it) one
 * made on first use and kept in DATA_DIR/secret-key, so what it signed survives a restart.
 */
async function storedSecret(dataDir: string): Promise<string> {
	const path = join(dataDir, SECRET_FILE);
	try {
		return (await readFile(path, 'utf8')).trim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	await mkdir(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('hex');
	try {
		// 'wx' fails if another process wrote it first; then that one is the secret.
		await writeFile(path, `${secret}\n`, { flag: 'wx', mode: 0o600 });
		return secret;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return (await readFile(path, 'utf8')).trim();
	}
}

async function appSecret(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<string> {
	if (config.secretKey) return config.secretKey;
	let secret = generated.get(config.dataDir);
	if (!secret) {
		secret = storedSecret(config.dataDir);
		generated.set(config.dataDir, secret);
		secret.catch(() => generated.delete(config.dataDir));
	}
	return secret;
}

/**
 * A key for one purpose, derived from the server secret (`purpose` names it, e.g. "classcast
 * device cookie v1"), so the secret itself never signs anything and one purpose's signatures are
 * worthless for another.
 */
export async function derivedKey(config: Pick<Config, 'secretKey' | 'dataDir'>, purpose: string): Promise<Buffer> {
	return createHmac('sha256', await appSecret(config)).update(purpose).digest();
}
