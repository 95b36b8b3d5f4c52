import { join } from 'node:path';
import type { Config } from '../config';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import type { Storage } from './storage';

/** The bucket when S3_BUCKET is set, the DATA_DIR/media folder otherwise. */
export function createStorage(config: Config): Storage {
	if (config.s3) return new S3Storage(config.s3);
	return new LocalStorage(join(config.dataDir, 'media'));
}
