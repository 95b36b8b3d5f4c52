import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config';

/** tus uploads live under DATA_DIR/uploads: the bytes as `{id}`, tus's record as `{id}.json`. */
export const uploadsDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'uploads');

/** Multipart uploads are streamed to temporary files here before they are stored. */
export const multipartDir = (config: Pick<Config, 'dataDir'>) => join(uploadsDir(config), '.multipart');

export const uploadPath = (config: Pick<Config, 'dataDir'>, id: string) => join(uploadsDir(config), id);

/** Removes an upload's bytes and tus's record of it; missing files are fine. */
export async function removeUploadFiles(config: Pick<Config, 'dataDir'>, id: string): Promise<void> {
	const path = uploadPath(config, id);
	await Promise.all([rm(path, { force: true }), rm(`${path}.json`, { force: true })]);
}
